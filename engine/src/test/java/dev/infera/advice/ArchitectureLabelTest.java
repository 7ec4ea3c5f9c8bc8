package dev.infera.advice;

import dev.infera.plan.Candidate;
import dev.infera.plan.FleetTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The words for a candidate, on FleetTest's 3P1D split of 8 GPUs (3 prefill workers of TP=2, 1 decode worker of TP=2; FP8 weights, vLLM's default FP16 cache). */
class ArchitectureLabelTest {

    @Test
    void aHeterogeneousSplitCountsEachPoolsGpus() {
        Candidate c = FleetTest.split("hgx-h200-8gpu", site -> {});
        // 6 H100s prefill (3 workers x TP=2), 2 H200s decode (1 x TP=2); until #13 the label said "8x H100 ..., decode on H200".
        assertEquals("6x H100 SXM 80GB, TP=2 over NVSwitch, 4 replicas, FP8 (KV FP16), vLLM, disaggregated 3P1D, decode on 2x H200 SXM 141GB over "
                + c.split().deployment().link().shortName(), ArchitectureLabel.of(c));
    }

    @Test
    void aSplitOnOnePartCountsAllItsGpusOnce() {
        Candidate c = FleetTest.split("hgx-h100-8gpu", site -> {});
        assertEquals("8x H100 SXM 80GB, TP=2 over NVSwitch, 4 replicas, FP8 (KV FP16), vLLM, disaggregated 3P1D over NVSwitch", ArchitectureLabel.of(c));
    }

    @Test
    void aFamilyIsTheGpuShapeAndWeightsWithoutReplicasOrEngine() {
        assertEquals("H100 SXM 80GB TP=2 FP8", ArchitectureLabel.family(FleetTest.split("hgx-h100-8gpu", site -> {})));
    }
}
