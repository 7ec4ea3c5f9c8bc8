package dev.infera.cli;

/** Silences Drools' and POI's log noise: users see Infera's messages, not the libraries'. */
final class Logging {
    private Logging() {}

    static void quiet() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
        System.setProperty("org.slf4j.simpleLogger.log.dev.infera", "warn");
    }
}
