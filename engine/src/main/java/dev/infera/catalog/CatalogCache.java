package dev.infera.catalog;

import dev.infera.text.DiskCache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The parsed and validated catalog kept between runs, so a one-shot command skips reading the YAML
 * (about a quarter of a megabyte) and checking it. An entry is keyed by every byte the loader reads
 * (each file in the catalog folder and each config.json model beneath it, with its name), the folder
 * as given and as an absolute path (models name their source file), whether the calibrated
 * efficiencies apply, and this build ({@link DiskCache#BUILD_ID}): an edited file, another folder or
 * another jar is another key. A catalog that fails to load is never stored; an entry that does not
 * check out or deserialise is ignored and written again. A catalog folder with a bare config.json
 * (the loader warns about it on every load) is not cached, so the warning is not lost.
 */
public final class CatalogCache {
    private static final String MAGIC = "infera-catalog-cache 1";
    private static final String KIND = "catalog";

    /** No cache: every load parses. */
    public static final CatalogCache NONE = new CatalogCache(null);

    private final DiskCache disk;

    private CatalogCache(Path folder) {
        this.disk = DiskCache.at(folder);
    }

    /** A cache in {@code folder} (made on first write); null is no cache. */
    public static CatalogCache at(Path folder) {
        return new CatalogCache(folder);
    }

    /** The per-user cache ({@link DiskCache#userFolder()}). */
    public static CatalogCache userDefault() {
        return at(DiskCache.userFolder());
    }

    /** {@link Catalog#load(Path)} through the cache. */
    public Catalog load(Path catalogFolder) {
        return load(catalogFolder, true);
    }

    Catalog load(Path catalogFolder, boolean applyCalibration) {
        String key = disk.enabled() && Files.isDirectory(catalogFolder) ? key(catalogFolder, applyCalibration) : null;
        if (key == null) {
            return CatalogLoader.load(catalogFolder, applyCalibration);
        }
        Catalog cached = read(key);
        if (cached != null) {
            return cached;
        }
        Catalog loaded = CatalogLoader.load(catalogFolder, applyCalibration);
        write(key, loaded);
        return loaded;
    }

    /** The entry's file for {@code catalogFolder} as it is now, or null where it is not cached. */
    Path entry(Path catalogFolder) {
        String key = key(catalogFolder, true);
        return key == null || !disk.enabled() ? null : disk.entry(KIND, key);
    }

    /** SHA-256 over the magic, the build, the folder and every file the loader reads; null when a file cannot be read or the loader would warn. */
    static String key(Path catalogFolder, boolean applyCalibration) {
        try (Stream<Path> walk = Files.walk(catalogFolder, 2)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(f -> f.getParent().equals(catalogFolder) || f.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((MAGIC + "\n" + DiskCache.BUILD_ID + "\n" + catalogFolder + "\n" + catalogFolder.toAbsolutePath().normalize()
                    + "\ncalibrated " + applyCalibration + "\n").getBytes(StandardCharsets.UTF_8));
            for (Path file : files) {
                String name = catalogFolder.relativize(file).toString();
                if (name.equals("config.json")) {
                    return null;
                }
                byte[] bytes = Files.readAllBytes(file);
                digest.update((name + "\n" + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Catalog read(String key) {
        byte[] payload = disk.read(KIND, MAGIC, key);
        if (payload == null) {
            return null;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
            in.setObjectInputFilter(CatalogCache::catalogClassesOnly);
            if (!(in.readObject() instanceof Catalog catalog)) {
                return null;
            }
            catalog.markCached();
            return catalog;
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private void write(String key, Catalog catalog) {
        if (!disk.enabled()) {
            return;
        }
        try {
            ByteArrayOutputStream payload = new ByteArrayOutputStream(1 << 18);
            try (ObjectOutputStream out = new ObjectOutputStream(payload)) {
                out.writeObject(catalog);
            }
            disk.write(KIND, MAGIC, key, payload.toByteArray());
        } catch (IOException | RuntimeException e) {
            // Not serialisable (a bug caught by CatalogCacheTest): the next run parses again.
        }
    }

    /** An entry deserialises only the catalog's own records and the JDK's collections, boxes and strings. */
    private static ObjectInputFilter.Status catalogClassesOnly(ObjectInputFilter.FilterInfo info) {
        Class<?> type = info.serialClass();
        while (type != null && type.isArray()) {
            type = type.getComponentType();
        }
        if (type == null || type.isPrimitive()) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        String name = type.getName();
        return name.startsWith("dev.infera.catalog.") || name.startsWith("java.util.") || name.startsWith("java.lang.")
                ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    }
}
