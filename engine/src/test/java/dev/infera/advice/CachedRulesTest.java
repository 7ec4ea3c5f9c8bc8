package dev.infera.advice;

import dev.infera.TestCatalog;
import dev.infera.rules.RuleBase;
import dev.infera.rules.RuleCache;
import dev.infera.workload.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules from the cache give the same advice as rules just compiled: every finding, score, rank and rejection. */
class CachedRulesTest {
    private static final Path CACHE = temporaryCache();
    private static final RuleBase COMPILED_AND_STORED = RuleBase.load(Path.of("rules"), RuleBase.Network.NODES, RuleCache.at(CACHE));
    private static final RuleBase FROM_CACHE = RuleBase.load(Path.of("rules"), RuleBase.Network.NODES, RuleCache.at(CACHE));
    private static final Advisor CACHED = new Advisor(TestCatalog.shipped(), FROM_CACHE);

    private static Path temporaryCache() {
        try {
            return Files.createTempDirectory("infera-cache-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Scenario> scenarios() throws IOException {
        return CompiledNetworkTest.scenarios();
    }

    @Test
    void theSecondLoadReallyCameFromTheCache() {
        assertFalse(COMPILED_AND_STORED.cached());
        assertTrue(FROM_CACHE.cached());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void cachedRulesGiveTheSameAdviceAsCompiledOnes(Scenario scenario) {
        assertEquals(CompiledNetworkTest.everything(CompiledNetworkTest.NODES.advise(scenario)), CompiledNetworkTest.everything(CACHED.advise(scenario)));
        Advisor.Shown top = new Advisor.Shown(3);
        assertEquals(CompiledNetworkTest.everything(CompiledNetworkTest.NODES.advise(scenario, top)), CompiledNetworkTest.everything(CACHED.advise(scenario, top)));
    }
}
