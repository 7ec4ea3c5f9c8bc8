package dev.infera.physics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Chunked prefill: each step carries the batch's decode tokens and prompt chunks up to the engine's budget; that is what others' prompts add to my TPOT. */
class ChunkedPrefillTest {
    @Test
    void othersPromptsSpreadOverMyOutputWhileTheBudgetKeepsUp() {
        // 32 users, 2048-token prompts, 256 output: 31 x 2048 / 256 = 248 prompt tokens per step, under 8192 - 32.
        assertEquals(248, Latency.prefillTokensPerStep(8192, 32, 2048, 256), 1e-12);
        // The mean TPOT is then the unbudgeted one: step + (B - 1) x prefill / output.
        double withBudget = Latency.servedTpotWithBudgetSeconds(0.020, 0.100, 2048, 248);
        assertEquals(Latency.servedTpotSeconds(0.020, 0.100, 32, 256), withBudget, 1e-12);
        assertEquals(0.020 + 0.100 / 2048 * 248, withBudget, 1e-12);
        assertEquals(0, Latency.budgetQueueSeconds(8192, 32, 2048, 256, withBudget), 0, "the budget keeps up: no extra wait");
    }

    @Test
    void aFullBudgetCapsTheStepAndQueuesThePrompts() {
        // 497 users, 7936-token prompts, 256 output: demand 496 x 7936 / 256 = 15,376 tokens per step; the budget leaves 7695.
        assertEquals(7695, Latency.prefillTokensPerStep(8192, 497, 7936, 256), 1e-12);
        double tpot = Latency.servedTpotWithBudgetSeconds(0.131, 3.0, 7936, 7695);
        assertEquals(0.131 + 3.0 * 7695 / 7936, tpot, 1e-12);
        // Prompts need 496 x 7936 / 7695 = 511.5 steps where my output takes 256: the other 255.5 steps are a wait.
        assertEquals((496.0 * 7936 / 7695 - 256) * tpot, Latency.budgetQueueSeconds(8192, 497, 7936, 256, tpot), 1e-9);
    }
}
