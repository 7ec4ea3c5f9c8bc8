package dev.infera.published;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import dev.infera.plan.Candidate;
import dev.infera.plan.DeploymentSpec;
import dev.infera.workload.Published;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each property a published case can state holds for a candidate that has it and fails for one that does not. */
class PropertyCheckTest {
    private static final Catalog CATALOG = TestCatalog.shipped();

    private static Candidate candidate(String model, String hardware, int gpus, int tp, int pp, String weights, String engine) {
        Deployment d = new DeploymentSpec(model, hardware, gpus, tp, pp, weights, null, engine, 8, 1000, 256).resolve(CATALOG);
        return new Candidate(0, d, new Estimator(CATALOG.assumptions()).estimate(d, CATALOG.price(d.gpu()).orElse(null)));
    }

    private static boolean holds(Published.Expected expected, Candidate c) {
        return PropertyCheck.of(expected, c).holds();
    }

    private static Published.Range range(String property, int min, int max) {
        return new Published.Range(property, min, max, 1);
    }

    private static Published.OneOf oneOf(String property, String... values) {
        return new Published.OneOf(property, List.of(values), 1);
    }

    // 16x H100 as TP=8 x PP=2: one replica over two 8-GPU nodes.
    private final Candidate twoNodes = candidate("llama-3.1-405b", "h100-sxm-80g", 16, 8, 2, "fp8", "vllm");
    // 4x H100 as four replicas of one GPU.
    private final Candidate fourReplicas = candidate("llama-3-8b", "h100-sxm-80g", 4, 1, 1, "int8", "trtllm");

    @Test
    void aCountHoldsInsideItsRangeBothEndsIncludedAndFailsOutside() {
        assertTrue(holds(range("tp", 8, 8), twoNodes));
        assertTrue(holds(range("tp", 2, 8), twoNodes));
        assertFalse(holds(range("tp", 1, 4), twoNodes));
        assertTrue(holds(range("pp", 2, 2), twoNodes));
        assertFalse(holds(range("pp", 1, 1), twoNodes));
        assertTrue(holds(range("gpus", 16, 16), twoNodes));
        assertFalse(holds(range("gpus", 1, 8), twoNodes));
        assertTrue(holds(range("gpusPerReplica", 16, Integer.MAX_VALUE), twoNodes));
        assertFalse(holds(range("gpusPerReplica", 2, 4), fourReplicas));
        assertTrue(holds(range("nodes", 2, 2), twoNodes));
        assertFalse(holds(range("nodes", 1, 1), twoNodes));
        assertTrue(holds(range("replicas", 2, Integer.MAX_VALUE), fourReplicas));
        assertFalse(holds(range("replicas", 2, Integer.MAX_VALUE), twoNodes));
    }

    @Test
    void theMessageShowsTheValueFoundAndThePublishedRange() {
        assertEquals("tp 8, published 1..4", PropertyCheck.of(range("tp", 1, 4), twoNodes).shown());
        assertEquals("replicas 4, published 2..", PropertyCheck.of(range("replicas", 2, Integer.MAX_VALUE), fourReplicas).shown());
        assertEquals("nodes 2, published 1", PropertyCheck.of(range("nodes", 1, 1), twoNodes).shown());
    }

    @Test
    void theGpuEngineAndWeightFormatAreAmongThePublishedIds() {
        assertTrue(holds(oneOf("gpu", "h200-sxm-141g", "h100-sxm-80g"), twoNodes));
        assertFalse(holds(oneOf("gpu", "h200-sxm-141g"), twoNodes));
        assertTrue(holds(oneOf("engine", "trtllm"), fourReplicas));
        assertFalse(holds(oneOf("engine", "vllm", "sglang"), fourReplicas));
        assertTrue(holds(oneOf("weights", "int8"), fourReplicas));
        assertFalse(holds(oneOf("weights", "fp8"), fourReplicas));
    }

    @Test
    void thePrecisionClassIsTheWholeBitsOfTheWeightFormat() {
        // INT8 W8A8 carries scales (8.06 bits) and is still 8-bit; Q4_K_M (4.85) is 4-bit; FP16 16-bit.
        assertTrue(holds(oneOf("precision", "8-bit"), fourReplicas));
        assertFalse(holds(oneOf("precision", "4-bit", "16-bit"), fourReplicas));
        assertEquals("4-bit", PropertyCheck.precisionClass(CATALOG.format("q4_k_m").bitsPerWeight()));
        assertEquals("8-bit", PropertyCheck.precisionClass(CATALOG.format("q8_0").bitsPerWeight()));
        assertEquals("16-bit", PropertyCheck.precisionClass(CATALOG.format("fp16").bitsPerWeight()));
        assertEquals("2-bit", PropertyCheck.precisionClass(CATALOG.format("2.5bpw").bitsPerWeight()));
    }

    @Test
    void theLayoutIsWorkstationOnAWorkstationBoxAndDatacenterOnAServer() {
        Candidate desk = candidate("llama-3-8b", "ws-rtx-4090-x1", 1, 1, 1, "q4_k_m", "llama.cpp");
        assertTrue(holds(oneOf("layout", "workstation"), desk));
        assertFalse(holds(oneOf("layout", "workstation"), fourReplicas));
        assertTrue(holds(oneOf("layout", "datacenter"), fourReplicas));
    }

    @Test
    void fitsHoldsOnlyWhereTheEstimateHoldsTheModelInMemory() {
        Candidate tooSmall = candidate("llama-3-70b", "a100-sxm-80g", 1, 1, 1, "fp16", "vllm");
        assertFalse(tooSmall.isFits(), "140 GB of FP16 weights on one 80 GB A100");
        assertFalse(holds(new Published.Flag("fits", true, 1), tooSmall));
        assertTrue(holds(new Published.Flag("fits", false, 1), tooSmall));
        assertTrue(holds(new Published.Flag("fits", true, 1), fourReplicas));
    }
}
