package dev.infera.rules;

import dev.infera.text.AtomicFile;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.kie.api.definition.KiePackage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Compiled rule packages kept on disk between runs, so a one-shot {@code infera advise} skips parsing
 * the DRL, DSL and decision tables and compiling their Java. An entry is keyed by everything that
 * changes what the compiler makes: the rule files' bytes and names (the rules folder's fingerprint:
 * DRL, DSLR, the DSL, decision tables), Infera's version and the build of its classes (the jar's or
 * class folder's size and time), the class path (Drools' version is in its jars' names) and the JVM.
 *
 * <p>An entry is never trusted blindly: it starts with a magic line, the full key and a SHA-256 of the
 * packages' bytes; anything that does not match, does not deserialise, or fails to make a rule base is
 * ignored, and the caller compiles and writes the entry again.
 *
 * <p>Drools offers two ways to keep a compiled rule base: serialising its packages (their rules,
 * with the generated consequence classes as bytes) or keeping the KieModule's jar. The in-memory
 * KieModule that {@code KieBuilder.buildAll()} makes holds only the rule sources (no classes, no
 * {@code kbase.cache} without Drools' Maven plugin), so reloading it compiles again; the packages are what is kept.
 */
public final class RuleCache {
    private static final String MAGIC = "infera-rule-cache 1";
    /** Entries kept per cache folder: enough for a few rules folders and versions side by side. */
    private static final int KEEP = 16;

    /** No cache: every load compiles. */
    public static final RuleCache NONE = new RuleCache(null);

    private final Path folder;

    private RuleCache(Path folder) {
        this.folder = folder;
    }

    /** A cache in {@code folder} (made on first write). */
    public static RuleCache at(Path folder) {
        return new RuleCache(folder);
    }

    /**
     * The per-user cache: {@code -Dinfera.cache=DIR} if set (the build's tests use their own), else
     * {@code $XDG_CACHE_HOME/infera}, else {@code ~/.cache/infera}.
     */
    public static RuleCache userDefault() {
        return at(userFolder());
    }

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

    /** The key of a rules folder's compiled packages: its fingerprint plus this build and JVM. */
    public static String key(String rulesFingerprint) {
        return key(rulesFingerprint, Build.ID);
    }

    /** As {@link #key(String)} for a given build: another version, jar, class path or JVM is another key. */
    static String key(String rulesFingerprint, String build) {
        return sha256((MAGIC + "\n" + rulesFingerprint + "\n" + build).getBytes(StandardCharsets.UTF_8));
    }

    /** The entry's file for {@code key}. */
    public Path entry(String key) {
        return folder.resolve("rules-" + key.substring(0, 32) + ".bin");
    }

    /** The packages stored under {@code key}, or null: no entry, or one that is corrupt or another's. */
    List<KiePackage> read(String key, ClassLoader classLoader) {
        if (folder == null) {
            return null;
        }
        Path file = entry(key);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (!MAGIC.equals(in.readUTF()) || !key.equals(in.readUTF())) {
                return null;
            }
            String digest = in.readUTF();
            byte[] payload = in.readAllBytes();
            if (!digest.equals(sha256(payload))) {
                return null;
            }
            try (ObjectInputStream objects = new DroolsObjectInputStream(new ByteArrayInputStream(payload), classLoader)) {
                Object value = objects.readObject();
                if (!(value instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(p -> p instanceof KiePackage)) {
                    return null;
                }
                List<KiePackage> packages = new ArrayList<>();
                list.forEach(p -> packages.add((KiePackage) p));
                return packages;
            }
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Stores {@code packages} under {@code key}, whole or not at all; a cache that cannot be written is left alone. */
    void write(String key, java.util.Collection<KiePackage> packages) {
        if (folder == null) {
            return;
        }
        try {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            try (ObjectOutputStream objects = new DroolsObjectOutputStream(payload)) {
                objects.writeObject(new ArrayList<>(packages));
            }
            byte[] bytes = payload.toByteArray();
            ByteArrayOutputStream whole = new ByteArrayOutputStream(bytes.length + 256);
            try (DataOutputStream out = new DataOutputStream(whole)) {
                out.writeUTF(MAGIC);
                out.writeUTF(key);
                out.writeUTF(sha256(bytes));
                out.write(bytes);
            }
            AtomicFile.writeBytes(entry(key), whole.toByteArray());
            prune();
        } catch (IOException | RuntimeException e) {
            // Not writable (read-only home, full disk) or not serialisable: the next run compiles again.
        }
    }

    /** Keeps the newest {@link #KEEP} entries. */
    private void prune() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> entries = files.filter(f -> f.getFileName().toString().startsWith("rules-") && f.getFileName().toString().endsWith(".bin"))
                    .sorted(Comparator.comparing(RuleCache::modified).reversed()).toList();
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

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What identifies this build and runtime: Infera's version, its classes (the jar's size and
     * modification time, or every class file's under a class folder), every class-path entry's name
     * and size, and the JVM's version. Computed once per run, from file metadata only.
     */
    static final class Build {
        static final String ID = describe();

        private static String describe() {
            StringBuilder id = new StringBuilder();
            String version = RuleCache.class.getPackage().getImplementationVersion();
            id.append("infera ").append(version == null ? "dev" : version).append('\n');
            id.append("java ").append(System.getProperty("java.vm.name")).append(' ').append(Runtime.version()).append('\n');
            try {
                Path own = Path.of(RuleCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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

    @Override
    public String toString() {
        return folder == null ? "no cache" : folder.toString();
    }

}
