package dev.infera.text;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of entries kept between runs (compiled rules, the parsed catalog), each file framed as
 * magic, key, SHA-256 of the payload, payload: an entry whose frame does not check out is absent,
 * never trusted. Entries are written whole or not at all, and each kind keeps its newest
 * {@link #KEEP}. A cache that cannot be read or written is no cache: the caller computes afresh.
 */
public final class DiskCache {
    /** Entries of one kind kept; older ones are deleted when a new one is written. */
    public static final int KEEP = 16;

    /**
     * What identifies this build and runtime: Infera's version, its classes (the jar's size and
     * modification time, or every class file's under a class folder), every class-path entry's name
     * and size, and the JVM's version. Computed once per run, from file metadata only.
     */
    public static final String BUILD_ID = describeBuild();

    private final Path folder;

    private DiskCache(Path folder) {
        this.folder = folder;
    }

    /** A cache in {@code folder} (made on first write); null is no cache. */
    public static DiskCache at(Path folder) {
        return new DiskCache(folder);
    }

    /**
     * The per-user folder: {@code -Dinfera.cache=DIR} if set (the build's tests use their own), else
     * {@code $XDG_CACHE_HOME/infera}, else {@code ~/.cache/infera}.
     */
    public static Path userFolder() {
        String property = System.getProperty("infera.cache");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "infera");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "infera");
    }

    public boolean enabled() {
        return folder != null;
    }

    public Path folder() {
        return folder;
    }

    /** The file of the entry of {@code kind} under {@code key}. */
    public Path entry(String kind, String key) {
        return folder.resolve(kind + "-" + key.substring(0, 32) + ".bin");
    }

    /** The payload stored for {@code kind} under {@code key} with {@code magic}, or null: no entry, or one that is corrupt or another's. */
    public byte[] read(String kind, String magic, String key) {
        if (folder == null) {
            return null;
        }
        Path file = entry(kind, key);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (!magic.equals(in.readUTF()) || !key.equals(in.readUTF())) {
                return null;
            }
            String digest = in.readUTF();
            byte[] payload = in.readAllBytes();
            return digest.equals(sha256(payload)) ? payload : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Stores {@code payload} for {@code kind} under {@code key}, whole or not at all; a cache that cannot be written is left alone. */
    public void write(String kind, String magic, String key, byte[] payload) {
        if (folder == null) {
            return;
        }
        try {
            ByteArrayOutputStream whole = new ByteArrayOutputStream(payload.length + 256);
            try (DataOutputStream out = new DataOutputStream(whole)) {
                out.writeUTF(magic);
                out.writeUTF(key);
                out.writeUTF(sha256(payload));
                out.write(payload);
            }
            AtomicFile.writeBytes(entry(kind, key), whole.toByteArray());
            prune(kind);
        } catch (IOException | RuntimeException e) {
            // Not writable (read-only home, full disk): the next run computes again.
        }
    }

    /** Keeps the newest {@link #KEEP} entries of {@code kind}. */
    private void prune(String kind) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> entries = files.filter(f -> f.getFileName().toString().startsWith(kind + "-") && f.getFileName().toString().endsWith(".bin"))
                    .sorted(Comparator.comparing(DiskCache::modified).reversed()).toList();
            for (Path old : entries.subList(Math.min(KEEP, entries.size()), entries.size())) {
                Files.deleteIfExists(old);
            }
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describeBuild() {
        StringBuilder id = new StringBuilder();
        String version = DiskCache.class.getPackage().getImplementationVersion();
        id.append("infera ").append(version == null ? "dev" : version).append('\n');
        id.append("java ").append(System.getProperty("java.vm.name")).append(' ').append(Runtime.version()).append('\n');
        try {
            Path own = Path.of(DiskCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            id.append("code ").append(stamp(own)).append('\n');
        } catch (URISyntaxException | RuntimeException e) {
            id.append("code unknown ").append(System.nanoTime()).append('\n');
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isRegularFile(path)) {
                id.append("cp ").append(path.getFileName()).append(' ').append(size(path)).append('\n');
            }
        }
        return id.toString();
    }

    /** A jar: its size and time; a class folder: the path, size and time of every file under it. */
    private static String stamp(Path code) {
        if (Files.isRegularFile(code)) {
            return code.getFileName() + " " + size(code) + " " + modified(code).toMillis();
        }
        try (Stream<Path> files = Files.walk(code)) {
            StringBuilder all = new StringBuilder();
            files.filter(Files::isRegularFile).sorted().forEach(f -> all.append(code.relativize(f)).append(' ')
                    .append(size(f)).append(' ').append(modified(f).toMillis()).append('\n'));
            return sha256(all.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            return "unreadable " + System.nanoTime();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
