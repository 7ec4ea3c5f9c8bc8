package dev.infera.advice;

import dev.infera.TestRules;
import dev.infera.plan.Candidate;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * advise makes split twins of speculating candidates (#16): the decode pool runs the speculator, the prefill pool none.
 * Llama 3.3 70B FP8 on 8 H100s under SGLang with its EAGLE-3 head, RAG over 8,000-token prompts at 3 requests/s: the
 * speculator shortens the decode step, the split keeps the others' prompts out of it, and only both together meet 7 ms.
 */
class SpeculatingSplitAdviceTest {
    private static ScenarioBuilder rag(double tpotMs) {
        return new ScenarioBuilder().model("llama-3.3-70b").kind("rag").inputTokens(8000).outputTokens(256).requestsPerS(3.0)
                .gpus(List.of("h100-sxm-80g")).engines(List.of("sglang")).weights(List.of("fp8")).kv(List.of("fp8")).maxGpus(8)
                .prefixTokens(0).tpotMs(tpotMs);
    }

    @Test
    void underAStrictTpotTheSpeculatingSplitWins() {
        Advice advice = TestRules.advisor().advise(rag(7.0).build());
        Candidate top = advice.winner().candidate();
        assertTrue(top.isDisaggregated(), "top: " + top);
        assertNotNull(top.split().deployment().decode().speculator(), "the decode pool speculates: " + top);
        assertNull(top.split().deployment().prefill().speculator(), "the prefill pool does not");
        assertTrue(top.getTpotMs() <= 7, top.getTpotMs() + " ms");
        // Either alone misses: the colocated speculating replicas on the same GPUs, and the plain split of the same shape.
        assertTrue(top.getColocatedTpotMs() > 7, "colocated with the speculator: " + top.getColocatedTpotMs() + " ms");
        Candidate plainSplit = all(advice).stream().filter(c -> c.isDisaggregated() && c.deployment().speculator() == null
                && c.getSplit().equals(top.getSplit()) && c.getTp() == top.getTp() && c.getKv().equals(top.getKv())).findFirst().orElseThrow();
        assertTrue(plainSplit.getTpotMs() > 7, "the split without it: " + plainSplit.getTpotMs() + " ms");
        assertEquals(top.split().estimate().prefillMs(), plainSplit.split().estimate().prefillMs(), 0, "the same prefill pool");
    }

    @Test
    void nearMissUnderALooserTpotTheColocatedSpeculatorRanksAboveItsSplit() {
        // At 15 ms the colocated TP=4 x 2 with the head meets the target with a shorter TTFT (604 ms against the split's 1,015 ms).
        Candidate top = TestRules.advisor().advise(rag(15.0).build()).winner().candidate();
        assertTrue(!top.isDisaggregated() && top.deployment().speculator() != null, "top: " + top);
    }

    private static List<Candidate> all(Advice advice) {
        var out = new java.util.ArrayList<Candidate>();
        advice.ranked().forEach(r -> out.add(r.candidate()));
        advice.rejected().forEach(r -> out.add(r.candidate()));
        return out;
    }
}
