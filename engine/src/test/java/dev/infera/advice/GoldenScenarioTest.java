package dev.infera.advice;

import dev.infera.TestRules;
import dev.infera.plan.Candidate;
import dev.infera.rules.Finding;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The source document's conclusions, end to end through the engine the CLI uses: the shipped
 * catalog, the shipped rules folder, candidate generation, physics, Drools, ranking.
 */
class GoldenScenarioTest {
    private static Advisor advisor;

    @BeforeAll
    static void loadRules() {
        advisor = TestRules.advisor();
    }

    private static ScenarioBuilder llama70bChatAt8k() {
        return new ScenarioBuilder().model("llama-3-70b").kind("chat").context(8192).users(1);
    }

    @Test
    void seventyBillionAtFp16IsRejectedOnOneA100AndViableOnTwoOverNvlinkAtTwentyTokensPerSecond() {
        Advice advice = advisor.advise(llama70bChatAt8k().gpus(List.of("a100-sxm-80g")).weights(List.of("fp16")).build());
        Rejection single = rejected(advice, c -> c.getGpus() == 1);
        assertEquals("The model must fit in GPU memory", single.reasons().get(0).rule());
        Recommendation pair = ranked(advice, c -> c.getTp() == 2 && c.getReplicas() == 1 && c.getEngine().equals("trtllm"));
        assertTrue(pair.candidate().isOverNvlink());
        assertTrue(pair.candidate().getPerSequenceTokensPerS() >= 20, pair.candidate().getPerSequenceTokensPerS() + " tokens/s");
    }

    @Test
    void int4FitsOneRtx6000AdaOrTwoRtx4090s() {
        Advice ada = advisor.advise(llama70bChatAt8k().gpus(List.of("rtx-6000-ada")).weights(List.of("int4")).deployment("workstation").build());
        assertTrue(allCandidates(ada).anyMatch(c -> c.getGpus() == 1 && c.isFits()), "one RTX 6000 Ada 48G holds 70B at INT4");
        Advice geforce = advisor.advise(llama70bChatAt8k().gpus(List.of("rtx-4090")).weights(List.of("int4")).deployment("workstation").build());
        assertFalse(allCandidates(geforce).anyMatch(c -> c.getGpus() == 1 && c.isFits()), "24 GB is too small");
        assertTrue(allCandidates(geforce).anyMatch(c -> c.getGpusPerReplica() == 2 && c.isFits()), "two RTX 4090 hold it");
    }

    @Test
    void int4At4BitsFitsOneA100With40Gb() {
        // AWQ at 4.25 bits does not leave room for 8k of KV cache in 40 GB; EXL2 at 4.0 bits does.
        Advice advice = advisor.advise(llama70bChatAt8k().gpus(List.of("a100-sxm-40g")).weights(List.of("int4", "4.0bpw"))
                .engines(List.of("vllm", "exllamav2")).build());
        assertTrue(allCandidates(advice).anyMatch(c -> c.getGpus() == 1 && c.getWeights().equals("4.0bpw") && c.isFits()));
        assertFalse(allCandidates(advice).anyMatch(c -> c.getGpus() == 1 && c.getWeights().equals("int4") && c.isFits()));
    }

    @Test
    void twoRtx4090sWithTensorParallelismArePenalisedForPcieAllReduce() {
        Advice advice = advisor.advise(llama70bChatAt8k().gpus(List.of("rtx-4090")).weights(List.of("int4")).deployment("workstation").build());
        Candidate pair = allCandidates(advice).filter(c -> c.getTp() == 2 && c.getReplicas() == 1).findFirst().orElseThrow();
        Finding penalty = findings(advice, pair).stream()
                .filter(f -> f.rule().equals("Avoid tensor parallelism without NVLink")).findFirst().orElseThrow();
        // 40 points at the scenario's all-reduce limit, in proportion below it.
        assertEquals(-40 * Math.min(1, pair.getCommunicationShare() / pair.getThresholds().maxCommShare()), penalty.points(), 1e-9);
        assertTrue(penalty.points() < 0 && penalty.points() >= -40, "penalty " + penalty.points());
        assertTrue(penalty.message().contains("PCIe"), penalty.message());
    }

    @Test
    void offlineBatchPrefersReplicasOverTensorParallelism() {
        Advice advice = advisor.advise(new ScenarioBuilder().model("llama-3-8b").kind("offline").context(2048).users(256)
                .gpus(List.of("h100-sxm-80g")).weights(List.of("fp16")).engines(List.of("vllm")).maxGpus(8).build());
        Recommendation replicas = ranked(advice, c -> c.getGpus() == 8 && c.getTp() == 1 && c.getPp() == 1);
        Recommendation tensorParallel = ranked(advice, c -> c.getGpus() == 8 && c.getTp() == 8);
        assertTrue(replicas.rank() < tensorParallel.rank(), replicas.rank() + " vs " + tensorParallel.rank());
        assertTrue(tensorParallel.findings().stream().anyMatch(f -> f.rule().equals("Offline work prefers data-parallel replicas over tensor parallelism")));
    }

    @Test
    void oneH100AtFp8RanksAboveTwoA100sAtFp16ForLatency() {
        // A chat turn of 2k tokens: at 8k of fresh prompt the A100 pair's 3.6 s prefill is rejected outright.
        Advice advice = advisor.advise(llama70bChatAt8k().context(2048).gpus(List.of("h100-sxm-80g", "a100-sxm-80g"))
                .weights(List.of("fp16", "fp8")).engines(List.of("vllm")).build());
        Recommendation h100 = ranked(advice, c -> c.getGpu().equals("h100-sxm-80g") && c.getGpus() == 1 && c.getWeights().equals("fp8"));
        Recommendation a100s = ranked(advice, c -> c.getGpu().equals("a100-sxm-80g") && c.getTp() == 2 && c.getReplicas() == 1 && c.getWeights().equals("fp16"));
        assertTrue(h100.rank() < a100s.rank(), h100.rank() + " vs " + a100s.rank());
        assertTrue(h100.candidate().getTpotMs() < a100s.candidate().getTpotMs());
    }

    @Test
    void rtx4090IsRejectedForADatacenter() {
        Advice advice = advisor.advise(llama70bChatAt8k().gpus(List.of("rtx-4090")).weights(List.of("int4")).deployment("datacenter").build());
        assertTrue(advice.ranked().isEmpty());
        assertTrue(advice.rejected().stream().allMatch(r -> r.reasons().stream()
                .anyMatch(f -> f.rule().equals("GeForce cards are not licensed for datacenter deployment"))));
    }

    private static Stream<Candidate> allCandidates(Advice advice) {
        return Stream.concat(advice.ranked().stream().map(Recommendation::candidate), advice.rejected().stream().map(Rejection::candidate));
    }

    private static List<Finding> findings(Advice advice, Candidate c) {
        return Stream.concat(advice.ranked().stream().filter(r -> r.candidate() == c).flatMap(r -> r.findings().stream()),
                advice.rejected().stream().filter(r -> r.candidate() == c).flatMap(r -> r.findings().stream())).toList();
    }

    private static Recommendation ranked(Advice advice, Predicate<Candidate> which) {
        return advice.ranked().stream().filter(r -> which.test(r.candidate())).findFirst()
                .orElseThrow(() -> new AssertionError("no viable candidate matches; rejected: " + advice.rejected().stream()
                        .filter(r -> which.test(r.candidate())).map(r -> r.candidate() + ": " + r.reasons().get(0).message()).toList()));
    }

    private static Rejection rejected(Advice advice, Predicate<Candidate> which) {
        return advice.rejected().stream().filter(r -> which.test(r.candidate())).findFirst().orElseThrow();
    }

    @Test
    void whereNoGpuHasAPriceIdleGpusStillCost() {
        // A10G has no price in the catalog: GPU count stands for cost, so 8 users do not get 8 replicas.
        Advice advice = advisor.advise(new dev.infera.workload.ScenarioBuilder().model("llama-3-8b").kind("chat").context(4096)
                .users(8).gpus(List.of("a10g-24g")).build());
        Candidate winner = advice.winner().candidate();
        assertTrue(winner.getGpus() < 8, ArchitectureLabel.of(winner));
        assertTrue(advice.winner().findings().stream().anyMatch(f -> f.message().startsWith("no GPU in this pool has a price: GPUs stand for cost")),
                advice.winner().findings().toString());
    }
}
