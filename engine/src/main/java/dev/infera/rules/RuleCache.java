package dev.infera.rules;

import dev.infera.text.DiskCache;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.kie.api.definition.KiePackage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiled rule packages kept on disk between runs, so a one-shot {@code infera advise} skips parsing
 * the DRL, DSL and decision tables and compiling their Java. An entry is keyed by everything that
 * changes what the compiler makes: the rule files' bytes and names (the rules folder's fingerprint:
 * DRL, DSLR, the DSL, decision tables), Infera's version and the build of its classes (the jar's or
 * class folder's size and time), the class path (Drools' version is in its jars' names) and the JVM.
 *
 * <p>An entry is never trusted blindly ({@link DiskCache} frames it with a magic line, the full key and a
 * SHA-256 of the packages' bytes); anything that does not match, does not deserialise, or fails to make a
 * rule base is ignored, and the caller compiles and writes the entry again.
 *
 * <p>Drools offers two ways to keep a compiled rule base: serialising its packages (their rules,
 * with the generated consequence classes as bytes) or keeping the KieModule's jar. The in-memory
 * KieModule that {@code KieBuilder.buildAll()} makes holds only the rule sources (no classes, no
 * {@code kbase.cache} without Drools' Maven plugin), so reloading it compiles again; the packages are what is kept.
 */
public final class RuleCache {
    private static final String MAGIC = "infera-rule-cache 1";
    private static final String KIND = "rules";

    /** No cache: every load compiles. */
    public static final RuleCache NONE = new RuleCache(null);

    private final DiskCache disk;

    private RuleCache(Path folder) {
        this.disk = DiskCache.at(folder);
    }

    /** A cache in {@code folder} (made on first write). */
    public static RuleCache at(Path folder) {
        return new RuleCache(folder);
    }

    /** The per-user cache ({@link DiskCache#userFolder()}). */
    public static RuleCache userDefault() {
        return at(DiskCache.userFolder());
    }

    public boolean enabled() {
        return disk.enabled();
    }

    public Path folder() {
        return disk.folder();
    }

    /** The key of a rules folder's compiled packages: its fingerprint plus this build and JVM. */
    public static String key(String rulesFingerprint) {
        return key(rulesFingerprint, DiskCache.BUILD_ID);
    }

    /** As {@link #key(String)} for a given build: another version, jar, class path or JVM is another key. */
    static String key(String rulesFingerprint, String build) {
        return DiskCache.sha256((MAGIC + "\n" + rulesFingerprint + "\n" + build).getBytes(StandardCharsets.UTF_8));
    }

    /** The entry's file for {@code key}. */
    public Path entry(String key) {
        return disk.entry(KIND, key);
    }

    /** The packages stored under {@code key}, or null: no entry, or one that is corrupt or another's. */
    List<KiePackage> read(String key, ClassLoader classLoader) {
        byte[] payload = disk.read(KIND, MAGIC, key);
        if (payload == null) {
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
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Stores {@code packages} under {@code key}, whole or not at all; a cache that cannot be written is left alone. */
    void write(String key, java.util.Collection<KiePackage> packages) {
        if (!disk.enabled()) {
            return;
        }
        try {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            try (ObjectOutputStream objects = new DroolsObjectOutputStream(payload)) {
                objects.writeObject(new ArrayList<>(packages));
            }
            disk.write(KIND, MAGIC, key, payload.toByteArray());
        } catch (IOException | RuntimeException e) {
            // Not serialisable: the next run compiles again.
        }
    }

    @Override
    public String toString() {
        return disk.enabled() ? disk.folder().toString() : "no cache";
    }
}
