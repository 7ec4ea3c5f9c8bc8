package dev.infera.advice;

import dev.infera.TestRules;
import dev.infera.TestCatalog;
import dev.infera.rules.Finding;
import dev.infera.rules.RuleBase;
import dev.infera.workload.LatencyTarget;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import dev.infera.workload.ScenarioFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An SLA on a percentile is checked on the simulated percentile; a bare number stays the closed-form mean. */
class PercentileSlaTest {
    @TempDir
    Path dir;

    private static final Advisor ADVISOR = TestRules.advisor();

    private static ScenarioBuilder h100At12() {
        return new ScenarioBuilder().model("llama-3-8b").kind("chat").context(2048).requestsPerS(12)
                .gpus(List.of("h100-sxm-80g")).weights(List.of("fp8")).engines(List.of("vllm")).maxGpus(2);
    }

    private static boolean missedAtP99(Recommendation r) {
        return r.findings().stream().map(Finding::message).anyMatch(m -> m.contains("TTFT") && m.contains("at p99 (simulated)"));
    }

    @Test
    void aP99TargetTheMeanMeetsButTheTailMissesIsPenalisedOnTheSimulatedP99() {
        // One H100 at 12 requests/s: closed-form TTFT 36 ms, simulated p99 131 ms.
        Advice advice = ADVISOR.advise(h100At12().ttft(LatencyTarget.parse("--ttft", "80@p99")).build());
        Recommendation one = advice.ranked().stream().filter(r -> r.candidate().getGpus() == 1).findFirst().orElseThrow();
        assertTrue(one.candidate().isSimulated());
        double p99 = one.candidate().simulation().replica().ttftMs().p99();
        assertTrue(one.candidate().getTtftMs() <= 80 && p99 > 80, "closed form " + one.candidate().getTtftMs() + " ms, p99 " + p99);
        assertEquals(p99, one.candidate().getTtftMsJudged());
        assertTrue(missedAtP99(one), one.findings().toString());
        // Every row at the top was simulated.
        for (int i = 0; i < Math.min(SimulatedScreen.TOP_ROWS, advice.ranked().size()); i++) {
            assertTrue(advice.ranked().get(i).candidate().isSimulated(), advice.ranked().get(i).candidate().toString());
        }
    }

    @Test
    void usersWithAPercentileTargetAreSimulatedAsAClosedLoop() {
        // 64 chat users on H100s, TTFT 80 ms at p99: the top rows are simulated with the users in a closed loop.
        Advice advice = ADVISOR.advise(new ScenarioBuilder().model("llama-3-8b").kind("chat").context(2048).users(64)
                .gpus(List.of("h100-sxm-80g")).weights(List.of("fp8")).engines(List.of("vllm")).maxGpus(2)
                .ttft(LatencyTarget.parse("--ttft", "80@p99")).build());
        Recommendation first = advice.ranked().get(0);
        assertTrue(first.candidate().isSimulated(), first.candidate().toString());
        var simulation = first.candidate().simulation();
        assertTrue(simulation.spec().closedLoop());
        assertEquals(64, simulation.spec().users());
        // Each replica is sent its share of the users.
        assertEquals((int) Math.ceil(64.0 / first.candidate().deployment().replicas()),
                ((dev.infera.sim.Arrivals.ClosedLoop) simulation.load().arrivals()).users());
        assertEquals(simulation.replica().ttftMs().p99(), first.candidate().getTtftMsJudged());
    }

    @Test
    void theSameNumberAsAMeanIsJudgedOnTheClosedFormWithoutSimulating() {
        Advice advice = ADVISOR.advise(h100At12().ttftMs(80).build());
        assertFalse(advice.ranked().isEmpty());
        for (Recommendation r : advice.ranked()) {
            assertFalse(r.candidate().isSimulated());
            assertFalse(missedAtP99(r));
        }
    }

    @Test
    void aPercentileReadsTheSameFromFlagsYamlAndTheBuilder() throws Exception {
        Path yaml = dir.resolve("s.yaml");
        Files.writeString(yaml, "model: llama-3-8b\nscenario: chat\nrequestsPerSecond: 20\nttft: 2000@p99\ntpot: 50@p90\n");
        Scenario fromYaml = ScenarioFile.read(yaml).build();
        assertEquals(99, fromYaml.workload().ttftPercentile());
        assertEquals(90, fromYaml.workload().tpotPercentile());
        assertEquals(2000, fromYaml.workload().ttftTargetMs());
        Scenario plain = ScenarioFile.read(writeAndReturn("p.yaml", "model: llama-3-8b\nttft: 2000\n")).build();
        assertNull(plain.workload().ttftPercentile());
        assertEquals(2000, plain.workload().ttftTargetMs());
    }

    private Path writeAndReturn(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void theThresholdsTableMayJudgeARateOnAPercentileAndAStatedMeanTargetStillWins() throws Exception {
        // The shipped table judges chat TTFT on the mean; a copy whose chat row says p99 judges it on the simulated p99.
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules);
        try (var files = Files.list(Path.of("rules"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, rules.resolve(f.getFileName().toString()));
            }
        }
        Path table = rules.resolve("thresholds.drl.csv");
        String chatRow = ",1000,CHAT,1000,100,32,0.25,0.05,0,10000,4096,small-loss,noticeable-loss,0.15,mean,mean";
        String text = Files.readString(table);
        assertTrue(text.contains(chatRow), "the chat row's statistics are mean");
        Files.writeString(table, text.replace(chatRow, chatRow.replace(",mean,mean", ",p99,mean")));
        Advisor advisor = new Advisor(TestCatalog.shipped(), RuleBase.load(rules));

        Advice byTable = advisor.advise(h100At12().build());
        assertEquals(99, byTable.thresholds().ttftPercentile());
        Recommendation top = byTable.ranked().get(0);
        assertTrue(top.candidate().isSimulated());
        assertEquals(top.candidate().simulation().replica().ttftMs().p99(), top.candidate().getTtftMsJudged());

        Advice stated = advisor.advise(h100At12().ttftMs(80).build());
        assertNull(stated.thresholds().ttftPercentile(), "a stated bare target is a mean, whatever the table says");
        assertFalse(stated.ranked().get(0).candidate().isSimulated());
    }

    @Test
    void atARateASpeculatingCandidateIsSimulatedWithItsDraftsAndWinsWhereThePlainTailMisses() {
        // Llama-3.1-8B FP8 on one H100 at 2 requests/s, TPOT 6 ms at p90: the plain replica's simulated p90 is about 6.3 ms
        // (others' prompts interleave); with the EAGLE-3 head (k = 3, a = 0.8) about 2.5 ms. Whole prompts (prefixTokens 0):
        // the chat kind's default prefix would add cached twins, which speculation is not combined with.
        Advice advice = ADVISOR.advise(new ScenarioBuilder().model("llama-3.1-8b").kind("chat").context(2048).requestsPerS(2)
                .gpus(List.of("h100-sxm-80g")).weights(List.of("fp8")).engines(List.of("vllm")).maxGpus(1).prefixTokens(0)
                .tpot(LatencyTarget.parse("--tpot", "6@p90")).build());
        var top = advice.ranked().get(0).candidate();
        assertTrue(top.deployment().speculator() != null, "top: " + top);
        assertTrue(top.isSimulated());
        assertEquals(3, top.simulation().replica().draftTokens());
        assertEquals(top.simulation().replica().tpotMs().p90(), top.getTpotMsJudged());
        assertTrue(top.getTpotMsJudged() <= 6, top.getTpotMsJudged() + " ms");
        var plain = advice.ranked().stream().map(Recommendation::candidate)
                .filter(c -> c.deployment().speculator() == null && c.getGpus() == 1 && c.isSimulated()
                        && c.getWeights().equals(top.getWeights()) && c.getKv().equals(top.getKv()))
                .findFirst().orElseThrow();
        assertTrue(plain.getTpotMsJudged() > 6, plain + ": " + plain.getTpotMsJudged() + " ms at p90");
    }
}
