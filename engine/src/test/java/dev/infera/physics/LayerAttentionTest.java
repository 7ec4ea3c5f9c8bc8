package dev.infera.physics;

import dev.infera.catalog.LayerPattern;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each layer kind keeps and computes what it attends: figures worked by hand in the comments. */
class LayerAttentionTest {
    /** Gemma-3-27B: every 6th of 62 layers global, the rest slide over 1,024 tokens; 32 heads of 128. */
    private static final LayerPattern GEMMA3 = new LayerPattern(10, 52, 1024, 0, 0, 0, 0, 0, 0);
    /** Llama-4 Scout: 36 of 48 layers attend within 8,192-token chunks, 12 are global. */
    private static final LayerPattern SCOUT = LayerPattern.windowed(48, 36, 8192, true);
    /** Qwen3-Next-80B-A3B: 12 gated-attention layers, 36 Gated DeltaNet layers of 548,864 state elements. */
    private static final LayerPattern QWEN3_NEXT = new LayerPattern(12, 0, 0, 0, 0, 36, 548_864, 0, 0);

    @Test
    void fullLayersKeepEveryTokenAndWindowedLayersTheirWindow() {
        // 10 x 131,072 + 52 x 1,024 = 1,363,968 layer-tokens
        assertEquals(1_363_968, LayerAttention.heldLayerTokens(GEMMA3, 131072));
        // Short of the window every layer keeps every token: 62 x 512
        assertEquals(62 * 512, LayerAttention.heldLayerTokens(GEMMA3, 512));
    }

    @Test
    void chunkedLayersHoldAtMostOneChunk() {
        assertEquals(36, SCOUT.chunked());
        // 4,096 B per layer-token (2 x 8 KV heads x 128 x 2 B) x (12 x 131,072 + 36 x 8,192) = 7,650,410,496 B
        assertEquals(7_650_410_496.0, LayerAttention.kvBytesPerSequence(SCOUT, 4096, 2, 131072));
    }

    @Test
    void linearLayersKeepAFixedStateWhateverTheLength() {
        // 2,048 B per layer-token (2 x 2 KV heads x 256 x 2 B) x 12 x 262,144 + 36 x 548,864 x 2 B = 6,481,969,152 B
        assertEquals(6_481_969_152.0, LayerAttention.kvBytesPerSequence(QWEN3_NEXT, 2048, 2, 262144));
        double stateOnly = LayerAttention.linearStateBytes(QWEN3_NEXT, 2);
        assertEquals(39_518_208.0, stateOnly);
        // Before the first token only the state is there
        assertEquals(stateOnly, LayerAttention.kvBytesPerSequence(QWEN3_NEXT, 2048, 2, 0));
        assertEquals(12, QWEN3_NEXT.kvLayers());
    }

    @Test
    void sparseLayersKeepEveryTokenButAttendTheirTopK() {
        LayerPattern sparse = new LayerPattern(0, 0, 0, 0, 0, 0, 0, 61, 2048);
        assertEquals(61 * 100_000.0, LayerAttention.heldLayerTokens(sparse, 100_000));
        assertEquals(61 * 2048.0, LayerAttention.attendedLayerTokens(sparse, 100_000));
        // Prefill of 8,192: 2,048^2 / 2 + 6,144 x 2,048 = 14,680,064 pairs per layer
        assertEquals(61 * 14_680_064.0, LayerAttention.causalPairs(sparse, 8192));
    }

    @Test
    void decodeAttendsTheWindowOnSlidingLayers() {
        // 4 x 32 x 128 x (10 x 4,096 + 52 x 1,024) = 1,543,503,872 FLOPs per token at a 4,096 context
        assertEquals(1_543_503_872.0, LayerAttention.decodeAttentionFlopsPerToken(GEMMA3, 32, 128, 4096));
    }

    @Test
    void prefillSumsTheCausalPairsOfEachKind() {
        // Full: 8,192^2 / 2 = 33,554,432 pairs x 10; sliding: 8,192 x 1,024 - 1,024^2 / 2 = 7,864,320 x 52;
        // 744,488,960 pairs x 4 x 32 x 128 = 12,197,707,120,640 FLOPs
        assertEquals(12_197_707_120_640.0, LayerAttention.prefillAttentionFlops(GEMMA3, 32, 128, 8192));
        // Chunks of 8,192 over 20,000 tokens: 2 x 8,192^2 / 2 + 3,616^2 / 2 = 73,646,592 pairs per layer
        assertEquals(73_646_592.0, LayerAttention.chunkPairs(20_000, 8192));
    }

    @Test
    void allFullLayersGiveTheSeedFormulas() {
        LayerPattern llama70b = LayerPattern.allFull(80);
        // Decode: 4 x layers x context x heads x head_dim; prefill: 2 x layers x L^2 x heads x head_dim
        assertEquals(4.0 * 80 * 8192 * 64 * 128, LayerAttention.decodeAttentionFlopsPerToken(llama70b, 64, 128, 8192));
        assertEquals(2.0 * 80 * 2000 * 2000 * 64 * 128, LayerAttention.prefillAttentionFlops(llama70b, 64, 128, 2000));
    }

    @Test
    void aPatternNeedsTheSizeOfEachKindItUses() {
        assertThrows(IllegalArgumentException.class, () -> new LayerPattern(10, 52, 0, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LayerPattern(12, 0, 0, 0, 0, 36, 0, 0, 0));
        assertEquals("10 full + 52 sliding (1024)", GEMMA3.describe());
    }
}
