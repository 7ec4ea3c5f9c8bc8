package dev.infera.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiled-rules cache: what changes its key, and that a bad entry is never used. */
class RuleCacheTest {
    @TempDir
    Path temp;

    private Path copyOfShippedRules() throws IOException {
        Path rules = temp.resolve("rules");
        Files.createDirectories(rules);
        for (Path file : RuleBase.ruleFiles(Path.of("rules"))) {
            Files.copy(file, rules.resolve(file.getFileName()));
        }
        return rules;
    }

    private static Path entryOf(RuleCache cache, Path rules) {
        return cache.entry(RuleCache.key(RuleBase.fullFingerprint(rules)));
    }

    @Test
    void aSecondLoadComesFromTheCacheWithTheSameRules() throws IOException {
        Path rules = copyOfShippedRules();
        RuleCache cache = RuleCache.at(temp.resolve("cache"));
        RuleBase compiled = RuleBase.load(rules, RuleBase.Network.NODES, cache);
        assertFalse(compiled.cached());
        assertTrue(Files.isRegularFile(entryOf(cache, rules)));
        RuleBase cached = RuleBase.load(rules, RuleBase.Network.NODES, cache);
        assertTrue(cached.cached());
        assertEquals(compiled.rules(), cached.rules());
        assertEquals(compiled.fingerprint(), cached.fingerprint());
        assertEquals(compiled.shownOnly(), cached.shownOnly());
        assertEquals(compiled.declaresFindings(), cached.declaresFindings());
        assertEquals(RuleBase.Network.NODES, cached.network());
        RuleBase compiledNetwork = RuleBase.load(rules, RuleBase.Network.COMPILED, cache);
        assertTrue(compiledNetwork.cached());
        assertEquals(RuleBase.Network.COMPILED, compiledNetwork.network());
    }

    @Test
    void editingAnyKindOfRuleFileChangesTheKeyAndCompilesOnce() throws IOException {
        Path rules = copyOfShippedRules();
        RuleCache cache = RuleCache.at(temp.resolve("cache"));
        RuleBase.load(rules, RuleBase.Network.NODES, cache);
        Set<String> keys = new HashSet<>();
        keys.add(RuleCache.key(RuleBase.fullFingerprint(rules)));
        // A DRL rule file, a DSL rule file, the DSL itself and the decision table: each edit is a new key.
        for (String name : List.of("capacity.drl", "cost.dslr", "infera.dsl", "thresholds.drl.csv")) {
            String comment = name.endsWith(".csv") ? "\n" : name.endsWith(".dsl") ? "\n# edited\n" : "\n// edited\n";
            Files.writeString(rules.resolve(name), comment, StandardOpenOption.APPEND);
            assertTrue(keys.add(RuleCache.key(RuleBase.fullFingerprint(rules))), name + " changes the key");
            RuleBase first = RuleBase.load(rules, RuleBase.Network.NODES, cache);
            assertFalse(first.cached(), "the first load after editing " + name + " compiles");
            assertTrue(RuleBase.load(rules, RuleBase.Network.NODES, cache).cached(), "the next one is cached");
        }
        // A file's name is part of the key too.
        Files.move(rules.resolve("cost.dslr"), rules.resolve("costs.dslr"));
        assertTrue(keys.add(RuleCache.key(RuleBase.fullFingerprint(rules))));
    }

    @Test
    void anotherVersionBuildOrJvmIsAnotherKey() {
        String fingerprint = RuleBase.fullFingerprint(Path.of("rules"));
        String build = dev.infera.text.DiskCache.BUILD_ID;
        assertTrue(build.startsWith("infera "), build);
        assertTrue(build.contains("java "), build);
        assertEquals(RuleCache.key(fingerprint), RuleCache.key(fingerprint, build));
        assertNotEquals(RuleCache.key(fingerprint), RuleCache.key(fingerprint, build.replaceFirst("infera \\S+", "infera 9.9.9")));
        assertNotEquals(RuleCache.key(fingerprint), RuleCache.key(fingerprint, build + "code infera.jar 123 456\n"));
    }

    @Test
    void aCorruptEntryIsIgnoredAndRebuilt() throws IOException {
        Path rules = copyOfShippedRules();
        RuleCache cache = RuleCache.at(temp.resolve("cache"));
        RuleBase.load(rules, RuleBase.Network.NODES, cache);
        Path entry = entryOf(cache, rules);
        byte[] good = Files.readAllBytes(entry);

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x5a;
        for (byte[] bad : List.of(flipped, java.util.Arrays.copyOf(good, good.length / 3), new byte[0], "garbage".getBytes())) {
            Files.write(entry, bad);
            RuleBase rebuilt = RuleBase.load(rules, RuleBase.Network.NODES, cache);
            assertFalse(rebuilt.cached(), "a corrupt entry is not used");
            assertFalse(rebuilt.rules().isEmpty());
            assertTrue(RuleBase.load(rules, RuleBase.Network.NODES, cache).cached(), "and is written again, whole");
        }
        assertTrue(Files.size(entry) > good.length / 2, "a whole entry is back in place");
    }

    @Test
    void anEntryOfAnotherFolderIsNotUsed() throws IOException {
        Path rules = copyOfShippedRules();
        Path other = temp.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("only.drl"), """
                package dev.infera.rules;
                import dev.infera.plan.Candidate;
                rule "Another folder's rule"
                when
                    Candidate()
                then
                end
                """);
        RuleCache cache = RuleCache.at(temp.resolve("cache"));
        RuleBase.load(other, RuleBase.Network.NODES, cache);
        // The other folder's entry, renamed to this folder's entry: its key inside does not match.
        Files.copy(entryOf(cache, other), entryOf(cache, rules));
        RuleBase loaded = RuleBase.load(rules, RuleBase.Network.NODES, cache);
        assertFalse(loaded.cached());
        assertTrue(loaded.rules().size() > 1);
        // Its packages stored under this folder's key (as a colliding or tampered entry would be): its rules
        // come from a file this folder does not have, so it is not used either.
        RuleBase otherRules = RuleBase.load(other, RuleBase.Network.NODES, RuleCache.NONE);
        cache.write(RuleCache.key(RuleBase.fullFingerprint(rules)), otherRules.kieBase().getKiePackages());
        RuleBase again = RuleBase.load(rules, RuleBase.Network.NODES, cache);
        assertFalse(again.cached());
        assertEquals(loaded.rules(), again.rules());
    }

    @Test
    void anUnwritableCacheOnlyCostsTheCompile() throws IOException {
        Path rules = copyOfShippedRules();
        Path file = temp.resolve("not-a-folder");
        Files.writeString(file, "x");
        RuleCache cache = RuleCache.at(file);
        assertFalse(RuleBase.load(rules, RuleBase.Network.NODES, cache).cached());
        assertFalse(RuleBase.load(rules, RuleBase.Network.NODES, cache).cached());
        try (Stream<Path> files = Files.list(temp)) {
            assertEquals(2, files.count(), "nothing left behind");
        }
    }

    @Test
    void errorsAreNeverCached() throws IOException {
        Path rules = temp.resolve("broken");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("bad.drl"), "package dev.infera.rules;\nrule \"Broken\"\nwhen\n    NoSuchFact()\nthen\nend\n");
        RuleCache cache = RuleCache.at(temp.resolve("cache"));
        for (int i = 0; i < 2; i++) {
            org.junit.jupiter.api.Assertions.assertThrows(dev.infera.BadInputException.class, () -> RuleBase.load(rules, RuleBase.Network.NODES, cache));
        }
        assertFalse(Files.exists(temp.resolve("cache")) && Files.list(temp.resolve("cache")).findAny().isPresent());
    }
}
