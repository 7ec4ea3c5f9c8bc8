package dev.infera.physics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Engines without CUDA-graph replay or a fused all-reduce pay more per step as tensor parallelism widens. */
class StepOverheadTest {
    @Test
    void eachRankBeyondTheFirstAddsItsHostOverhead() {
        assertEquals(2.0, StepOverhead.stepOverheadMs(2.0, 1, 0.5, 32, 0), 1e-12);
        assertEquals(2.0 + 3 * 0.5, StepOverhead.stepOverheadMs(2.0, 4, 0.5, 32, 0), 1e-12);
        assertEquals(2.0, StepOverhead.stepOverheadMs(2.0, 8, 0, 32, 0), 1e-12, "CUDA graphs: no per-rank cost");
    }

    @Test
    void aRingAllReducePaysItsLatencyPerStepWhileAFusedOneDoesNot() {
        assertEquals(10, StepOverhead.allReduceLatencyUs(10, 8, true), 1e-12);
        assertEquals(10, StepOverhead.allReduceLatencyUs(10, 2, false), 1e-12, "the profile's figure is that of two GPUs");
        assertEquals(70, StepOverhead.allReduceLatencyUs(10, 8, false), 1e-12, "(8 - 1) x 10 us");
    }
}
