package dev.infera.advice;

import dev.infera.TestRules;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every scenario kind scores on one 0-100 scale: a score is its findings' sum, held to the scale's ends. */
class ScoreScaleTest {
    private static final Advisor ADVISOR = TestRules.advisor();

    static Stream<Scenario> scenarios() {
        List<String> pool = List.of("h100-sxm-80g", "a100-sxm-80g", "l40s-48g", "rtx-4090", "mi300x-192g");
        return Stream.of(
                new ScenarioBuilder().model("llama-3-70b").kind("chat").context(8192).users(32).gpus(pool).build(),
                new ScenarioBuilder().model("qwen2.5-72b").kind("rag").context(32768).users(8).gpus(pool).build(),
                new ScenarioBuilder().model("llama-3-8b").kind("chat").context(4096).users(1).gpus(pool).deployment("workstation").build(),
                new ScenarioBuilder().model("llama-3-8b").kind("offline").context(2048).gpus(pool).build());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScoreIsItsFindingsSumHeldToZeroAndHundred(Scenario scenario) {
        Advice advice = ADVISOR.advise(scenario);
        assertTrue(advice.ranked().size() > 1, "the scenario ranks candidates");
        for (Recommendation r : advice.ranked()) {
            double sum = r.pointsSum();
            assertTrue(r.score() >= 0 && r.score() <= 100, "score " + r.score());
            assertEquals(Math.max(0, Math.min(100, sum)), r.score(), 1e-9, "rank " + r.rank());
            assertEquals(sum > 100 || sum < 0, r.clamped());
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void ranksAreConsecutiveAndScoresNeverRise(Scenario scenario) {
        List<Recommendation> ranked = ADVISOR.advise(scenario).ranked();
        assertTrue(ranked.size() > 1, "the scenario ranks candidates");
        for (int i = 0; i < ranked.size(); i++) {
            assertEquals(i + 1, ranked.get(i).rank());
            if (i > 0) {
                assertTrue(Math.round(ranked.get(i).score() * 10) <= Math.round(ranked.get(i - 1).score() * 10), "rank " + (i + 1));
            }
        }
    }
}
