package dev.infera.catalog;

import dev.infera.BadInputException;
import dev.infera.TestFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parsed-catalog cache: a hit is the same catalog, any edit is a miss, and a bad entry is never used. */
class CatalogCacheTest {
    @TempDir
    Path temp;

    private Path copyOfShippedCatalog() throws IOException {
        return TestFolders.copy(Path.of("catalog"), temp);
    }

    private static void assertSameCatalog(Catalog expected, Catalog actual) {
        assertEquals(expected.fingerprint(), actual.fingerprint());
        assertEquals(expected.folder(), actual.folder());
        assertEquals(expected.getGpus(), actual.getGpus());
        assertEquals(expected.getModels(), actual.getModels());
        assertEquals(expected.getServers(), actual.getServers());
        assertEquals(expected.getFormats(), actual.getFormats());
        assertEquals(expected.getEngines(), actual.getEngines());
        assertEquals(expected.getInterconnects(), actual.getInterconnects());
        assertEquals(expected.assumptions(), actual.assumptions());
        assertEquals(expected.procurementDefaults(), actual.procurementDefaults());
        assertEquals(expected.exportControls(), actual.exportControls());
        assertEquals(expected.defaultEngine(), actual.defaultEngine());
        for (Gpu gpu : expected.getGpus()) {
            assertEquals(expected.price(gpu), actual.price(gpu), gpu.id());
        }
        for (Engine engine : expected.getEngines()) {
            for (ErrorBand.Quantity quantity : ErrorBand.Quantity.values()) {
                assertEquals(expected.errorBands().of(engine.id(), "hopper", quantity), actual.errorBands().of(engine.id(), "hopper", quantity));
            }
        }
    }

    @Test
    void aSecondLoadComesFromTheCacheAndIsTheSameCatalog() throws IOException {
        Path folder = copyOfShippedCatalog();
        CatalogCache cache = CatalogCache.at(temp.resolve("cache"));
        Catalog parsed = cache.load(folder);
        assertFalse(parsed.cached());
        assertTrue(Files.isRegularFile(cache.entry(folder)));
        Catalog cached = cache.load(folder);
        assertTrue(cached.cached());
        assertSameCatalog(Catalog.load(folder), cached);
        assertSameCatalog(parsed, cached);
    }

    @Test
    void editingAnyCatalogFileIsAMissThatParsesTheEdit() throws IOException {
        Path folder = copyOfShippedCatalog();
        CatalogCache cache = CatalogCache.at(temp.resolve("cache"));
        cache.load(folder);
        Path before = cache.entry(folder);
        Path assumptions = folder.resolve("assumptions.yaml");
        Files.writeString(assumptions, Files.readString(assumptions).replaceFirst("runtimeOverheadGb: [0-9.]+", "runtimeOverheadGb: 7.5"));
        assertNotEquals(before, cache.entry(folder));
        Catalog edited = cache.load(folder);
        assertFalse(edited.cached());
        assertEquals(7.5, edited.assumptions().runtimeOverheadGb());
        assertTrue(cache.load(folder).cached());
        assertEquals(7.5, cache.load(folder).assumptions().runtimeOverheadGb());
    }

    @Test
    void aModelConfigBelowTheFolderIsPartOfTheKey() throws IOException {
        Path folder = copyOfShippedCatalog();
        CatalogCache cache = CatalogCache.at(temp.resolve("cache"));
        Path before = cache.entry(folder);
        Files.createDirectories(folder.resolve("my-model"));
        Files.copy(Path.of("engine/src/test/resources/hf-configs").resolve(firstConfig()), folder.resolve("my-model/config.json"));
        assertNotEquals(before, cache.entry(folder));
        assertTrue(cache.load(folder).getModels().stream().anyMatch(m -> m.id().equals("my-model")));
    }

    private static String firstConfig() throws IOException {
        try (Stream<Path> configs = Files.list(Path.of("engine/src/test/resources/hf-configs"))) {
            return configs.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void aCorruptEntryIsIgnoredAndWrittenAgain() throws IOException {
        Path folder = copyOfShippedCatalog();
        CatalogCache cache = CatalogCache.at(temp.resolve("cache"));
        cache.load(folder);
        Path entry = cache.entry(folder);
        byte[] good = Files.readAllBytes(entry);
        byte[] flipped = good.clone();
        flipped[flipped.length - 40] ^= 0x5a;
        Files.write(entry, flipped);
        Catalog reparsed = cache.load(folder);
        assertFalse(reparsed.cached());
        assertArrayEquals(good, Files.readAllBytes(entry));
        Files.write(entry, new byte[] {1, 2, 3}, StandardOpenOption.TRUNCATE_EXISTING);
        assertFalse(cache.load(folder).cached());
        assertTrue(cache.load(folder).cached());
    }

    @Test
    void anotherCatalogsEntryUnderThisKeyIsNeverTrusted() throws IOException {
        Path folder = copyOfShippedCatalog();
        CatalogCache cache = CatalogCache.at(temp.resolve("cache"));
        cache.load(folder);
        Path original = cache.entry(folder);
        Path servers = folder.resolve("servers.yaml");
        Files.writeString(servers, Files.readString(servers) + "\n# a comment changes the bytes, so the key\n");
        Files.copy(original, cache.entry(folder), StandardCopyOption.REPLACE_EXISTING);
        assertFalse(cache.load(folder).cached(), "an entry framed with another key is not this catalog");
    }

    @Test
    void aCatalogThatFailsToLoadIsNeverStored() throws IOException {
        Path folder = copyOfShippedCatalog();
        CatalogCache cache = CatalogCache.at(temp.resolve("cache"));
        Path gpus = folder.resolve("gpus.yaml");
        Files.writeString(gpus, Files.readString(gpus).replaceFirst("memoryGb:", "memoryGbb:"));
        assertThrows(BadInputException.class, () -> cache.load(folder));
        assertFalse(Files.exists(cache.entry(folder)));
        assertThrows(BadInputException.class, () -> cache.load(folder));
    }

    @Test
    void aBareConfigJsonIsNotCachedSoItsWarningIsNotLost() throws IOException {
        Path folder = copyOfShippedCatalog();
        Files.copy(Path.of("engine/src/test/resources/hf-configs").resolve(firstConfig()), folder.resolve("config.json"));
        CatalogCache cache = CatalogCache.at(temp.resolve("cache"));
        assertNull(cache.entry(folder));
        assertFalse(cache.load(folder).cached());
        assertFalse(cache.load(folder).cached());
    }

    @Test
    void noCacheAlwaysParses() throws IOException {
        Path folder = copyOfShippedCatalog();
        assertFalse(CatalogCache.NONE.load(folder).cached());
        assertFalse(CatalogCache.NONE.load(folder).cached());
        assertNotNull(CatalogCache.NONE.load(folder).getGpus());
    }
}
