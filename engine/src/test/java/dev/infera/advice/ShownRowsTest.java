package dev.infera.advice;

import dev.infera.TestRules;
import dev.infera.rules.Finding;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep explains only the rows it keeps: every candidate is still judged, so its ranking is the
 * full advice's, and the rows shown carry the same findings as in the full advice.
 */
class ShownRowsTest {
    private static final Advisor ADVISOR = TestRules.advisor();
    private static final int ROWS = 3;

    static Stream<Scenario> scenarios() {
        List<String> pool = List.of("h100-sxm-80g", "a100-sxm-80g", "l40s-48g", "rtx-4090");
        return Stream.of(
                new ScenarioBuilder().model("llama-3-70b").kind("chat").context(8192).users(32).gpus(pool).build(),
                new ScenarioBuilder().model("qwen2.5-72b").kind("rag").context(32768).users(8).gpus(pool).build(),
                new ScenarioBuilder().model("llama-3-8b").kind("chat").context(4096).users(1).gpus(pool).deployment("workstation").build());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void explainingOnlyTheShownRowsRanksEveryCandidateAsTheFullAdviceDoes(Scenario scenario) {
        Advice full = ADVISOR.advise(scenario);
        Advice sweep = ADVISOR.advise(scenario, new Advisor.Shown(ROWS));
        assertEquals(ranking(full), ranking(sweep));
        assertEquals(full.rejected().stream().map(r -> r.candidate().getId() + " " + r.reasons()).toList(),
                sweep.rejected().stream().map(r -> r.candidate().getId() + " " + r.reasons()).toList());
        assertEquals(full.scenarioFindings(), sweep.scenarioFindings());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theShownRowsCarryTheFullAdvicesFindingsAndTheOthersOnlyWhatJudgedThem(Scenario scenario) {
        Advice full = ADVISOR.advise(scenario);
        Advice sweep = ADVISOR.advise(scenario, new Advisor.Shown(ROWS));
        boolean explained = false;
        for (int i = 0; i < full.ranked().size(); i++) {
            List<Finding> all = full.ranked().get(i).findings();
            List<Finding> kept = sweep.ranked().get(i).findings();
            if (i < ROWS) {
                // Judging findings first, then the notes and warnings: the same findings, in the order reasons() sorts them.
                assertEquals(sorted(all), sorted(kept), "row " + (i + 1));
                assertEquals(full.ranked().get(i).reasons(), sweep.ranked().get(i).reasons(), "row " + (i + 1));
                explained |= all.stream().anyMatch(ShownRowsTest::explains);
            } else {
                assertEquals(sorted(all.stream().filter(f -> !explains(f)).toList()), sorted(kept), "row " + (i + 1));
            }
        }
        assertTrue(explained, "some shown row has a note or warning, so the test sees the explanation step work");
        assertFalse(sweep.ranked().stream().skip(ROWS).anyMatch(r -> r.findings().stream().anyMatch(ShownRowsTest::explains)));
    }

    private static boolean explains(Finding f) {
        return f.severity() == Finding.Severity.NOTE || f.severity() == Finding.Severity.WARNING;
    }

    private static List<String> ranking(Advice advice) {
        return advice.ranked().stream().map(r -> r.rank() + " " + r.candidate().getId() + " " + r.score()).toList();
    }

    private static List<String> sorted(List<Finding> findings) {
        return findings.stream().map(f -> f.severity() + " " + f.rule() + " " + f.points() + " " + f.message()).sorted().toList();
    }
}
