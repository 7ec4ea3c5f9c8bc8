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

/** feasibility.dslr and scenario.dslr: each rule's inputs, its threshold, the numbers in its message, and a near miss. */
class FeasibilityAndScenarioRulesTest {
    private static ScenarioBuilder chatOf(String model, int prompt, int output) {
        return new ScenarioBuilder().model(model).kind("chat").users(1).deployment("workstation").inputTokens(prompt).outputTokens(output);
    }

    @Test
    void aConfigurationTheGpuOrEngineCannotRunIsOut() {
        String rule = "A configuration the GPU or engine cannot run is out";
        Candidate tp3 = candidate(1, "llama-3-8b", "h100-sxm-80g", 3, 1, "fp16", 1, 1792, 256);
        Candidate tp4 = candidate(2, "llama-3-8b", "h100-sxm-80g", 4, 1, "fp16", 1, 1792, 256);
        List<Finding> findings = run(chat("llama-3-8b").deployment("datacenter"), tp3, tp4);
        Finding fired = one(findings, rule, 1);
        assertEquals(Finding.Severity.REJECT, fired.severity());
        assertEquals("TP=3 does not divide 32 attention heads", fired.message());
        assertTrue(of(findings, rule, 2).isEmpty(), "4 divides 32");
    }

    @Test
    void keepFivePercentOfUsableMemoryFree() {
        String rule = "Keep memory headroom for fragmentation and bursts";
        // Llama-3-70B at FP8 on one H200 with 8k sequences: the first batch that leaves under 5 % free, and the one before it.
        Candidate below = null, above = null;
        for (int batch = 1; batch <= 256 && below == null; batch++) {
            Candidate c = candidate(batch, "llama-3-70b", "h200-sxm-141g", 0, 1, 1, "fp8", "fp8", batch, 7936, 256);
            if (c.isFits() && c.getHeadroom() < 0.05) {
                below = c;
            } else if (c.isFits()) {
                above = c;
            }
        }
        assertTrue(below != null && above != null && above.getBatch() == below.getBatch() - 1, "a batch crosses 5 % free while it fits");
        List<Finding> findings = run(chat("llama-3-70b").context(8192).deployment("datacenter"), below, above);
        assertEquals(0.05, below.getThresholds().minHeadroom(), "the decision table's chat row");
        Finding fired = one(findings, rule, below.getId());
        assertEquals(-10, fired.points());
        assertEquals(String.format(Locale.ROOT, "only %.1f %% of usable memory left free (%.1f of %.1f GB used), under the %.0f %% this deployment keeps",
                below.getHeadroom() * 100, below.getMemoryGb(), below.getUsableGb(), below.getThresholds().minHeadroom() * 100), fired.message());
        assertTrue(of(findings, rule, above.getId()).isEmpty(), "batch " + above.getBatch() + " leaves " + above.getHeadroom());
    }

    @Test
    void aContextBeyondTheModelsMaximumIsServedOnlyAsTheScenarioExtendsIt() {
        String rule = "A context beyond the model's maximum is served only as the scenario extends it";
        Candidate c = candidate(1, "llama-3-70b", "h200-sxm-141g", 1, 1, "fp8", 1, 15360, 1024);
        assertEquals(8192, c.getModelMaxContext());
        List<Finding> beyond = run(chat("llama-3-70b").context(16384).contextExtension("YaRN").deployment("datacenter"), c);
        Finding fired = one(beyond, rule, 1);
        assertEquals(Finding.Severity.WARNING, fired.severity());
        assertEquals("16384 tokens is beyond Llama 3 70B's maximum context of 8192 tokens: served as the scenario says (YaRN);"
                + " check the answers' quality at this length", fired.message().replace(c.getModelName(), "Llama 3 70B"));
        Candidate atMax = candidate(1, "llama-3-70b", "h200-sxm-141g", 1, 1, "fp8", 1, 7168, 1024);
        assertFalse(fires(run(chat("llama-3-70b").context(8192).deployment("datacenter"), atMax), rule), "8,192 tokens is the maximum, not beyond");
    }

    @Test
    void offlineWorkWithFewerThanSixteenSequencesPerReplicaIsPenalised() {
        String rule = "Offline work maximises the batch and ignores TTFT";
        Candidate fifteen = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 15, 1792, 256);
        Candidate sixteen = candidate(2, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 16, 1792, 256);
        List<Finding> findings = run(new ScenarioBuilder().model("llama-3-8b").kind("offline").context(2048).deployment("datacenter"), fifteen, sixteen);
        Finding fired = one(findings, rule, 1);
        assertEquals(-15, fired.points());
        assertEquals("only 15 sequences fit per replica: too little KV room to batch offline work", fired.message());
        assertTrue(of(findings, rule, 2).isEmpty(), "16 is the rule's floor");
    }

    @Test
    void promptsOverTenThousandTokensOrDocumentReadingAdviseChunkedPrefill() {
        String rule = "Long prompts need chunked prefill";
        String advice = "prompts are long: enable chunked prefill (decode keeps flowing while a long prompt is read)";
        Candidate c = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 10001, 256);
        List<Finding> over = run(chatOf("llama-3-8b", 10001, 256), c);
        assertEquals(List.of(advice), over.stream().filter(f -> f.rule().equals(rule)).map(Finding::message).toList(), "one finding for the scenario");
        Candidate at = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 10000, 256);
        assertFalse(fires(run(chatOf("llama-3-8b", 10000, 256), at), rule), "10,000 prompt tokens are not above the table's 10,000");
        Candidate rag = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 1792, 256);
        assertTrue(fires(run(new ScenarioBuilder().model("llama-3-8b").kind("rag").context(2048).users(1), rag), rule), "document reading, at any length");
    }

    @Test
    void prefixCachingPaysWhenPromptsRepeat() {
        String rule = "Prefix caching pays when prompts repeat";
        // Llama-3-8B on one H100, 7936-token prompts of which 6000 repeat on 90 % of requests: prefill computes 7936 - 5400 tokens.
        Candidate plain = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 7936, 256);
        Candidate cached = RuleFacts.prefixCached(2, plain, 6000, 0.9);
        assertEquals(2536, cached.getUncachedPrefillTokens());
        assertTrue(cached.getTtftMs() < plain.getTtftMs(), "fewer tokens prefilled, shorter TTFT");
        assertEquals(plain.getTtftMs() - cached.getTtftMs(), cached.getTtftSavedMs(), 1e-9);
        // GPU-hours per million requests = prefill compute ms saved x 1 GPU x 10^6 / 3.6e6 ms per hour.
        double gpuHours = (plain.estimate().prefillComputeMs() - cached.estimate().prefillComputeMs()) * 1e6 / 3.6e6;
        assertEquals(gpuHours, cached.getGpuHoursSavedPerMillionRequests(), 1e-9);
        assertTrue(gpuHours > 0);
        List<Finding> findings = run(chatOf("llama-3-8b", 7936, 256).deployment("datacenter"), plain, cached);
        Finding fired = one(findings, rule, 2);
        assertEquals(Finding.Severity.NOTE, fired.severity());
        assertEquals(0, fired.points(), "a note: the twin's own numbers already rank it");
        assertEquals(String.format(Locale.ROOT, "6000 of 7936 prompt tokens repeat and 90 %% of requests find them cached: prefill computes 2536 tokens,"
                        + " TTFT %.0f ms instead of %.0f ms (%.0f ms saved), %.1f GPU-hours saved per million requests",
                cached.getTtftMs(), plain.getTtftMs(), plain.getTtftMs() - cached.getTtftMs(), gpuHours), fired.message());
        assertTrue(of(findings, rule, 1).isEmpty(), "the plain twin caches nothing");

        // Near miss: a 64-token prompt on a 70B model is prefilled in the time of one weight read, cached or not, so TTFT is unchanged.
        Candidate shortPlain = candidate(3, "llama-3-70b", "h200-sxm-141g", 1, 1, "fp8", 1, 64, 256);
        Candidate shortCached = RuleFacts.prefixCached(4, shortPlain, 32, 1);
        assertEquals(shortPlain.getTtftMs(), shortCached.getTtftMs(), 1e-9, "the weight read bounds both prefills");
        assertFalse(fires(run(chatOf("llama-3-70b", 64, 256).deployment("datacenter"), shortPlain, shortCached), rule));
    }
}
