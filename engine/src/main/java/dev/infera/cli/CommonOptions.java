package dev.infera.cli;

import dev.infera.catalog.Catalog;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Options every command takes: where the catalog is, and --debug. */
public final class CommonOptions {
    @Option(names = "--catalog", paramLabel = "DIR", description = "Catalog folder (default: ./catalog, else the one beside the launcher).")
    Path catalog;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    private Catalog loaded;

    public Catalog catalog() {
        if (loaded == null) {
            loaded = Catalog.load(catalogFolder());
        }
        return loaded;
    }

    public Path catalogFolder() {
        return catalog != null ? catalog : defaultFolder("catalog");
    }

    /** ./NAME when present, else NAME beside the installation (-Dinfera.home, set by the launcher). */
    public static Path defaultFolder(String name) {
        Path local = Path.of(name);
        if (Files.isDirectory(local)) {
            return local;
        }
        String home = System.getProperty("infera.home");
        return home != null ? Path.of(home, name) : local;
    }
}
