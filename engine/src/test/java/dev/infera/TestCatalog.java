package dev.infera;

import dev.infera.catalog.Catalog;

import java.nio.file.Path;

/** The shipped catalog, loaded once for all tests (tests run from the repository root). */
public final class TestCatalog {
    private static Catalog shipped;

    private TestCatalog() {}

    public static synchronized Catalog shipped() {
        if (shipped == null) {
            shipped = Catalog.load(Path.of("catalog"));
        }
        return shipped;
    }
}
