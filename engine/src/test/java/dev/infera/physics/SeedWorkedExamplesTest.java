package dev.infera.physics;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Model;
import dev.infera.plan.Candidate;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every worked number of the source document (shared/source/000_67b34b3e290e29b6.txt), under its
 * own assumptions: 70B parameters, 0.5 byte per INT4 weight, 1,935 GB/s per A100, 660 TOPS for an
 * RTX 4090 at 50 % MFU.
 */
class SeedWorkedExamplesTest {
    private static final Catalog CATALOG = TestCatalog.shipped();
    private static final Model LLAMA_3_70B = CATALOG.model("llama-3-70b");

    @Test
    void llama3_70bWeightsAre140GbAtFp16And35GbAtInt4() {
        assertEquals(140, Memory.weightBytes(70, 16) / Units.GB, 1e-9);
        assertEquals(35, Memory.weightBytes(70, 4) / Units.GB, 1e-9);
    }

    @Test
    void kvCacheAt8kBatch1Is2_68Gb() {
        // 2 x 80 layers x 8 KV heads x 128 x 8192 tokens x 2 bytes
        assertEquals(2.68, Memory.kvBytesPerSequence(LLAMA_3_70B, 2, 8192) / Units.GB, 0.005);
        assertEquals(2.5, Memory.kvBytesPerSequence(LLAMA_3_70B, 2, 8192) / Units.GIB, 0.001);
    }

    @Test
    void withoutGqaTheKvCacheIs8xLarger() {
        // The seed's "old model without GQA": every one of the 64 heads keeps its own K and V.
        Model mha = new Model("mha-70b", "70B without GQA", 70, null, 80, 8192, 64, 64, 128, 28672, 128256, 8192,
                Model.Attention.MHA, null, null, null, 0, null, "test");
        double gqa = Memory.kvBytesPerSequence(LLAMA_3_70B, 2, 8192);
        assertEquals(8.0, Memory.kvBytesPerSequence(mha, 2, 8192) / gqa, 1e-12);
        assertEquals(21.5, Memory.kvBytesPerSequence(mha, 2, 8192) / Units.GB, 0.05);
    }

    @Test
    void twentyTokensPerSecondNeeds2800GbPerSecondAtFp16And700AtInt4() {
        assertEquals(2800, RulesOfThumb.requiredBandwidthGbs(Memory.weightBytes(70, 16), 20), 1e-9);
        assertEquals(700, RulesOfThumb.requiredBandwidthGbs(Memory.weightBytes(70, 4), 20), 1e-9);
    }

    @Test
    void twoA100sAggregate3870GbPerSecondAgainstThe2800ThatTwentyTokensPerSecondOf70bFp16Need() {
        // The numbers the rules read, of a TP=2 group of A100 PCIe 80GB (1,935 GB/s each); RuleFiringTest
        // checks the note that sets them against a 50 ms TPOT target.
        Deployment d = new DeploymentSpec("llama-3-70b", "a100-pcie-80g", 0, 2, 1, "fp16", null, null, 1, 1024, 256).resolve(CATALOG);
        Candidate pair = new Candidate(1, d, new Estimator(CATALOG.assumptions()).estimate(d, null));
        assertEquals(3870, pair.getTensorParallelBandwidthGbs(), 1e-9);
        assertEquals(3870, pair.getReplicaBandwidthGbs(), 1e-9);
        double need = RulesOfThumb.requiredBandwidthGbs(Memory.weightBytes(d.model().paramsB(), d.weights().bitsPerWeight()), 20);
        assertEquals(2822.2, need, 0.1, "the catalog's 70.55B parameters are 141.1 GB at 16 bits, x 20 tokens/s (the seed rounds to 70B: 2,800)");
        assertTrue(pair.getTensorParallelBandwidthGbs() > need);
    }

    @Test
    void qwen72bNeeds144GflopPerToken() {
        assertEquals(144e9, Roofline.matmulFlops(72, 1), 1);
    }

    @Test
    void a2000TokenPrefillIs288TflopAnd0_87SecondsOnAn4090() {
        double flops = Roofline.matmulFlops(72, 2000);
        assertEquals(288e12, flops, 1);
        assertEquals(0.87, Roofline.computeSeconds(flops, 660, 0.5), 0.005);
    }

    @Test
    void computeBoundAt288EffectiveTflopsA72bModelMakes2000TokensPerSecondAndAnA100At150Makes1042() {
        // The seed's 2,000 tokens/s of 72B need 2,000 x 2 x 72 / 1,000 = 288 TFLOPS: the ceiling the rules read, inverted.
        assertEquals(2000, RulesOfThumb.computeBoundTokensPerS(288, 72), 1e-9);
        assertEquals(1041.7, RulesOfThumb.computeBoundTokensPerS(150, 72), 0.1, "one A100 at ~150 effective TFLOPS falls short");
        assertTrue(RulesOfThumb.computeBoundTokensPerS(330, 72) > 2000, "one RTX 4090 at 330 effective INT8 TOPS suffices");
    }
}
