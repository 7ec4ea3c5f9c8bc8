package dev.infera.rules;

import dev.infera.plan.Candidate;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static dev.infera.rules.RuleFacts.candidate;
import static dev.infera.rules.RuleFacts.chat;
import static dev.infera.rules.RuleFacts.fires;
import static dev.infera.rules.RuleFacts.of;
import static dev.infera.rules.RuleFacts.one;
import static dev.infera.rules.RuleFacts.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** parallelism.dslr: each rule's inputs, its threshold, the numbers in its message, and a near miss that does not fire. */
class ParallelismRulesTest {
    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    @Test
    void tensorParallelismStopsPayingWhenAllReduceIsOverAQuarterOfTheStep() {
        String rule = "Tensor parallelism stops paying when all-reduce dominates the step";
        // Chat's limit is 25 % of a decode step. Llama-3-8B over four PCIe RTX 4090s: at batch 4 the all-reduces
        // take just over it, at batch 1 just under.
        Candidate over = candidate(1, "llama-3-8b", "rtx-4090", 4, 1, "fp16", 4, 1792, 256);
        Candidate under = candidate(2, "llama-3-8b", "rtx-4090", 4, 1, "fp16", 1, 1792, 256);
        assertTrue(over.getCommunicationShare() > 0.25 && over.getCommunicationShare() < 0.26, "share " + over.getCommunicationShare());
        assertTrue(under.getCommunicationShare() < 0.25 && under.getCommunicationShare() > 0.24, "share " + under.getCommunicationShare());
        List<Finding> findings = run(chat("llama-3-8b"), over, under);
        assertEquals(0.25, over.getThresholds().maxCommShare(), "the decision table's chat row");
        Finding fired = one(findings, rule, 1);
        assertEquals(-15, fired.points());
        assertEquals("all-reduce is 25 % of each decode step (limit 25 %)", fired.message());
        assertTrue(of(findings, rule, 2).isEmpty(), "24.99 % is within the limit");
    }

    @Test
    void tensorParallelismOverNvlinkAddsBandwidth() {
        String rule = "Tensor parallelism over NVLink adds bandwidth";
        Candidate tp2 = candidate(1, "llama-3-70b", "h100-sxm-80g", 2, 1, "fp16", 1, 1792, 256);
        Candidate pcie = candidate(2, "llama-3-70b", "h100-pcie-80g", 2, 1, "fp16", 1, 1792, 256);
        assertTrue(tp2.isOverNvlink() && tp2.getCommunicationShare() < 0.15, "share " + tp2.getCommunicationShare());
        List<Finding> findings = run(chat("llama-3-70b").deployment("datacenter"), tp2, pcie);
        assertEquals(f("TP=2 over %s: 6700 GB/s aggregate bandwidth, all-reduce only %.0f %% of the step",
                tp2.getLinkName(), tp2.getCommunicationShare() * 100), one(findings, rule, 1).message());
        assertEquals(pcie.isOverNvlink() && pcie.getCommunicationShare() < 0.15, !of(findings, rule, 2).isEmpty(),
                "fires on the PCIe card only if it has a scale-up bridge and a small share: " + pcie.getLinkName());
    }

    @Test
    void pipelineStagesAddLatencyForASingleSequence() {
        String rule = "Pipeline stages add latency for a single sequence";
        Candidate pp2 = candidate(1, "llama-3-70b", "h100-sxm-80g", 1, 2, "fp16", 1, 1792, 256);
        Candidate tp2 = candidate(2, "llama-3-70b", "h100-sxm-80g", 2, 1, "fp16", 1, 1792, 256);
        List<Finding> chatFindings = run(chat("llama-3-70b").deployment("datacenter"), pp2, tp2);
        Finding fired = one(chatFindings, rule, 1);
        assertEquals(-5, fired.points());
        assertEquals("PP=2: a token passes 2 stages in turn, so one user waits on all of them", fired.message());
        assertTrue(of(chatFindings, rule, 2).isEmpty(), "no pipeline");
        assertFalse(fires(run(new ScenarioBuilder().model("llama-3-70b").kind("offline").context(2048).deployment("datacenter"),
                candidate(1, "llama-3-70b", "h100-sxm-80g", 1, 2, "fp16", 1, 1792, 256)), rule), "offline work waits on no single user");
    }

    @Test
    void spanningNodesPutsTheNetworkInEveryStep() {
        String rule = "Spanning nodes puts the network in every step";
        // 16 H100s as TP=8 x PP=2: two 8-GPU nodes; 8 as TP=8: one node.
        Candidate twoNodes = candidate(1, "llama-3-70b", "h100-sxm-80g", 16, 8, 2, "fp16", null, 1, 1792, 256);
        Candidate oneNode = candidate(2, "llama-3-70b", "h100-sxm-80g", 8, 8, 1, "fp16", null, 1, 1792, 256);
        assertEquals(2, twoNodes.getNodes());
        assertEquals(1, oneNode.getNodes());
        List<Finding> findings = run(chat("llama-3-70b").deployment("datacenter"), twoNodes, oneNode);
        Finding fired = one(findings, rule, 1);
        assertEquals(-10, fired.points());
        assertEquals("the replica spans 2 nodes: " + twoNodes.getLinkKind() + " traffic every step", fired.message());
        assertTrue(of(findings, rule, 2).isEmpty());
    }

    @Test
    void mixtureOfExpertsModelsWantExpertParallelismFromFourWaysOn() {
        String rule = "Mixture-of-experts models want expert parallelism";
        Candidate tp4 = candidate(1, "mixtral-8x7b", "h100-sxm-80g", 4, 1, "fp16", 1, 1792, 256);
        Candidate tp2 = candidate(2, "mixtral-8x7b", "h100-sxm-80g", 2, 1, "fp16", 1, 1792, 256);
        assertTrue(tp4.isMoe());
        List<Finding> findings = run(chat("mixtral-8x7b").deployment("datacenter"), tp4, tp2);
        assertEquals("MoE model on 4 GPUs: expert parallelism (whole experts per GPU) avoids slicing every expert 4 ways",
                one(findings, rule, 1).message());
        assertTrue(of(findings, rule, 2).isEmpty(), "TP=2 is under the rule's 4 ways");
        assertFalse(fires(run(chat("llama-3-70b").deployment("datacenter"), candidate(1, "llama-3-70b", "h100-sxm-80g", 4, 1, "fp16", 1, 1792, 256)), rule),
                "a dense model at TP=4");
    }
}
