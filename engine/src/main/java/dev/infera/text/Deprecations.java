package dev.infera.text;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * Warnings about an old spelling that still works (a renamed flag, YAML key or Groovy keyword):
 * each is printed once per run, on the stream the CLI installs for the run (standard error by default).
 */
public final class Deprecations {
    private static PrintWriter sink = new PrintWriter(System.err, true);
    private static final Set<String> warned = new HashSet<>();

    private Deprecations() {}

    /** Starts a run: warnings go to {@code err}, and each may be printed once again. */
    public static synchronized void start(PrintWriter err) {
        sink = err;
        warned.clear();
    }

    /** Prints "infera: warning: {@code message}" unless this run has printed it already. */
    public static synchronized void warnOnce(String message) {
        if (warned.add(message)) {
            sink.println("infera: warning: " + message);
            sink.flush();
        }
    }
}
