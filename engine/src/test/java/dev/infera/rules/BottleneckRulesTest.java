package dev.infera.rules;

import dev.infera.plan.Candidate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static dev.infera.rules.RuleFacts.candidate;
import static dev.infera.rules.RuleFacts.chat;
import static dev.infera.rules.RuleFacts.fires;
import static dev.infera.rules.RuleFacts.of;
import static dev.infera.rules.RuleFacts.one;
import static dev.infera.rules.RuleFacts.run;
import static dev.infera.rules.RuleFacts.speculating;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bottleneck.dslr: each rule's inputs, its threshold, the numbers in its message, and a near miss that does not fire. */
class BottleneckRulesTest {
    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static dev.infera.workload.ScenarioBuilder chatOf(String model, int prompt, int output) {
        return new dev.infera.workload.ScenarioBuilder().model(model).kind("chat").users(1).deployment("workstation").inputTokens(prompt).outputTokens(output);
    }

    @Test
    void quantisationIsTheCheapestLeverWhenComputeBound() {
        String rule = "Quantisation is the cheapest lever when compute-bound";
        // Llama-3-8B at batch 512 of 32-token sequences on an L40S: arithmetic, not memory, sets the step.
        Candidate fp16 = candidate(1, "llama-3-8b", "l40s-48g", 1, 1, "fp16", 512, 32, 32);
        Candidate fp8 = candidate(2, "llama-3-8b", "l40s-48g", 1, 1, "fp8", 512, 32, 32);
        Candidate memoryBound = candidate(3, "llama-3-8b", "l40s-48g", 1, 1, "fp16", 1, 32, 32);
        assertEquals("compute", fp16.getBottleneck());
        assertEquals("compute", fp8.getBottleneck());
        assertEquals("memory-bandwidth", memoryBound.getBottleneck());
        List<Finding> findings = run(chat("llama-3-8b").deployment("datacenter"), fp16, fp8, memoryBound);
        Finding fired = one(findings, rule, 1);
        assertEquals(-5, fired.points());
        assertEquals(f("compute-bound at FP16 (%.0f TFLOPS peak): FP8/INT8 W8A8 would double the peak", fp16.getPeakTflops()), fired.message());
        assertEquals(362, Math.round(fp16.getPeakTflops()), "the L40S's dense FP16 tensor peak");
        assertTrue(of(findings, rule, 2).isEmpty(), "8-bit weights: the lever is pulled already");
        assertTrue(of(findings, rule, 3).isEmpty(), "memory-bound: more peak buys nothing");
    }

    @Test
    void weightOnlyQuantisationSavesBandwidthNotCompute() {
        String rule = "Weight-only quantisation saves bandwidth, not compute";
        Candidate int4Busy = candidate(1, "llama-3-8b", "l40s-48g", 1, 1, "int4", 512, 32, 32);
        Candidate int4Single = candidate(2, "llama-3-8b", "l40s-48g", 1, 1, "int4", 1, 32, 32);
        assertTrue(int4Busy.isWeightOnly());
        assertEquals("compute", int4Busy.getBottleneck());
        assertEquals("memory-bandwidth", int4Single.getBottleneck());
        List<Finding> findings = run(chat("llama-3-8b").deployment("datacenter"), int4Busy, int4Single);
        assertEquals(f("INT4 weights still compute at %s (%.0f TFLOPS): at this batch the saving in bytes buys nothing",
                int4Busy.getComputePrecision().toUpperCase(Locale.ROOT), int4Busy.getPeakTflops()), one(findings, rule, 1).message());
        assertTrue(of(findings, rule, 2).isEmpty(), "at batch 1 the saving in bytes is the point");
    }

    @Test
    void longContextMakesPrefillComputeBoundAboveTenThousandPromptTokens() {
        String rule = "Long context makes prefill compute-bound: prefer TFLOPS";
        // The table's chat row: prompts above 10,000 tokens are long. 16,128 are; 9,984 (just under) are not.
        Candidate one = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 16128, 256);
        Candidate split = candidate(2, "llama-3-8b", "h100-sxm-80g", 2, 1, "fp16", 1, 16128, 256);
        List<Finding> findings = run(chat("llama-3-8b").context(16384), one, split);
        assertEquals(f("a 16128-token prompt is %.1f s of arithmetic at %.0f TFLOPS peak: TTFT follows TFLOPS here, not bandwidth",
                one.getPrefillComputeMs() / 1000, one.getPeakTflops()), one(findings, rule, 1).message());
        assertEquals(989, Math.round(one.getPeakTflops()), "the H100 SXM's dense FP16 tensor peak");
        assertTrue(of(findings, rule, 2).isEmpty(), "TP=2: the rule is about one GPU's TFLOPS");
        Candidate shorter = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 9984, 256);
        assertFalse(fires(run(chatOf("llama-3-8b", 9984, 256), shorter), rule), "9,984 prompt tokens are not long");
    }

    @Test
    void bandwidthNeededIsWeightBytesTimesTokensPerSecond() {
        String rule = "Bandwidth needed is weight bytes times tokens per second";
        // The seed's example: Llama-3-70B (70.55B) at FP16 is 141.1 GB of weights; a 20 ms TPOT target is 50 tokens/s:
        // 7,055 GB/s, more than two A100 PCIe 80GB (1,935 GB/s each) give.
        Candidate pair = candidate(1, "llama-3-70b", "a100-pcie-80g", 2, 1, "fp16", 1, 1792, 256);
        Candidate batch8 = candidate(2, "llama-3-70b", "a100-pcie-80g", 2, 1, "fp16", 8, 1792, 256);
        List<Finding> findings = run(chat("llama-3-70b").deployment("datacenter").tpotMs(20), pair, batch8);
        assertTrue(pair.getTpotMs() > 20 && batch8.getTpotMs() > 20, pair.getTpotMs() + " / " + batch8.getTpotMs());
        assertEquals("50 tokens/s needs 7055 GB/s of weight reads; 2 GPU(s) give 3870 GB/s peak", one(findings, rule, 1).message());
        assertTrue(of(findings, rule, 2).isEmpty(), "batch 8 is above the rule's batch of at most 4");
        // A target the pair meets: nothing to explain.
        Candidate met = candidate(1, "llama-3-70b", "a100-pcie-80g", 2, 1, "fp16", 1, 1792, 256);
        assertTrue(met.getTpotMs() < 200);
        assertFalse(fires(run(chat("llama-3-70b").deployment("datacenter").tpotMs(200), met), rule));
    }

    @Test
    void speculativeDecodingPaysWhileDecodeIsBandwidthBoundAndStopsPastItsCrossoverBatch() {
        String pays = "Speculative decoding pays while decode is bandwidth-bound";
        String costs = "Speculative decoding costs more than it saves once decode is compute-bound";
        Candidate small = speculating(1, candidate(1, "llama-3.3-70b", "h100-sxm-80g", 4, 4, 1, "fp8", null, 8, 256, 256), "eagle");
        Candidate large = speculating(2, candidate(2, "llama-3.3-70b", "h100-sxm-80g", 4, 4, 1, "fp8", null, 256, 256, 256), "eagle");
        int crossover = small.getCrossoverBatch();
        assertTrue(crossover > 8 && crossover < 256, "the crossover lies between the two batches: " + crossover);
        assertEquals(crossover, large.getCrossoverBatch(), "the crossover is the deployment's, not the batch's");
        assertTrue(small.getSpeculativeSpeedup() > 1 && large.getSpeculativeSpeedup() <= 1, small.getSpeculativeSpeedup() + " / " + large.getSpeculativeSpeedup());
        List<Finding> findings = run(chat("llama-3.3-70b").context(512).users(8), small, large);
        assertEquals(f("%s drafts %d tokens accepted at %.2f: %.2f tokens per verification, decode step %.1f ms per token instead of %.1f ms at batch 8 (%.2fx); it stops paying at batch %d",
                small.getSpeculator(), small.getDraftTokens(), small.getAcceptance(), small.getTokensPerVerification(), small.getStepMs(),
                small.getStepMsWithoutSpeculator(), small.getSpeculativeSpeedup(), crossover), one(findings, pays, 1).message());
        assertTrue(of(findings, pays, 2).isEmpty(), "past the crossover it does not pay");
        assertTrue(one(findings, costs, 2).message().startsWith(f("%s at batch 256: decode step %.1f ms per token against %.1f ms without it",
                large.getSpeculator(), large.getStepMs(), large.getStepMsWithoutSpeculator())), one(findings, costs, 2).message());
        assertTrue(of(findings, costs, 1).isEmpty(), "below the crossover it pays");
    }
}
