package dev.infera.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Multi-step scheduling (vLLM 0.6 --num-scheduler-steps N), against a case computed by hand with the fixed step times of
 * {@link SpeculativeSimulationTest}: 1 s for any step that prefills, 0.1 s for a step of decodes only. Two requests of 100
 * prompt and 12 output tokens arriving 1.25 s apart (evenly spaced, 0.8 requests/s), rounds of N = 4.
 */
class MultiStepSchedulingTest {
    private static final StepCost COST = SpeculativeSimulationTest.fixed(0, 0, 0.1);
    private static final Load TWO = new Load(new Arrivals.Bursty(0.8, 0), new Lengths.Fixed(100, 12), 2, false, 1);
    private static final SchedulerLimits LIMITS = new SchedulerLimits(10_000, 16, 4096, 256);

    @Test
    void aRequestArrivingDuringARoundWaitsForItsEndThenPrefillsAlone() {
        SimResult r = ReplicaSimulation.run(COST, LIMITS.withSchedulerSteps(4), TWO, Sla.NONE);
        // A (t = 0): prefill alone, first token at 1.0 s; a round of min(4, 11 left) = 4 decodes, 1.0 -> 1.4 s.
        // B (t = 1.25 s) waits for that round's end and prefills alone, 1.4 -> 2.4 s: TTFT 1.15 s (A's: 1.0 s).
        // Rounds of both: 2.4 -> 2.8 s (A has 9 tokens, B 5), 2.8 -> 3.2 s (A's last 3 in a round of 4, as B needs 4: A ends
        // at 3.2 s), then B's last 3: 3.2 -> 3.5 s.
        assertEquals((1000 + 1150) / 2.0, r.ttftMs().mean(), 1e-6);
        // TPOT = (finish - first token) / (12 - 1): A (3.2 - 1.0) / 11 = 200 ms, B (3.5 - 2.4) / 11 = 100 ms.
        assertEquals((200 + 100) / 2.0, r.tpotMs().mean(), 1e-6);
        assertEquals((3200 + (3500 - 1250)) / 2.0, r.e2eMs().mean(), 1e-6);
        // Forward steps: 1 + 4 + 1 + 4 + 4 + 3.
        assertEquals(17, r.steps());
        assertEquals(0, r.preemptions());
    }

    @Test
    void everyStepScheduledMixesTheNewPromptIntoTheNextStep() {
        SimResult r = ReplicaSimulation.run(COST, LIMITS, TWO, Sla.NONE);
        // A: prefill 0 -> 1.0 s, decodes at 1.1, 1.2, 1.3 s; B (1.25 s) is admitted at 1.3 s beside A's decode, a step that
        // prefills: 1.3 -> 2.3 s, TTFT 1.05 s.
        assertEquals((1000 + 1050) / 2.0, r.ttftMs().mean(), 1e-6);
    }

    @Test
    void aSchedulerOfMultiStepRoundsNeedsAtLeastOneStepAndNoOutputPrediction() {
        assertThrows(IllegalArgumentException.class, () -> LIMITS.withSchedulerSteps(0));
        assertThrows(IllegalArgumentException.class,
                () -> new SchedulerLimits(10_000, 1, 4096, 256, false, OutputEstimate.SGLANG, 4));
    }
}
