package dev.infera.catalog;

import dev.infera.BadInputException;
import dev.infera.TestCatalog;
import dev.infera.physics.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One published config.json per layout (src/test/resources/hf-configs, README there names each
 * source): parameters within 1 % of the published size, KV bytes computed by hand.
 */
class HfConfigTest {
    private static final double GB = 1e9;

    @TempDir
    Path temp;

    private static Model config(String name) {
        try {
            return HfConfig.read(Path.of(HfConfigTest.class.getResource("/hf-configs/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertWithinOnePercent(double published, double computed, String what) {
        assertEquals(published, computed, published * 0.01, what + ": " + computed + "B against " + published + "B published");
    }

    @Test
    void gemma2AlternatesLocalAndGlobalLayers() {
        Model m = config("gemma-2-27b.json");
        assertWithinOnePercent(27.2, m.paramsB(), "Gemma-2-27B");
        assertEquals(4096, m.slidingWindow());
        assertEquals(23, m.windowedLayers());
        // By hand: 2 x 16 KV heads x 128 x 2 B = 8,192 B per layer and token; 23 global layers keep
        // 8,192 tokens, 23 local layers 4,096: 8,192 x (23 x 8,192 + 23 x 4,096) = 2,315,255,808 B.
        assertEquals(2_315_255_808.0, Memory.kvBytesPerSequence(m, 2, 8192), 1);
        // The catalog row says the same.
        assertEquals(Memory.kvBytesPerSequence(TestCatalog.shipped().model("gemma-2-27b"), 2, 8192),
                Memory.kvBytesPerSequence(m, 2, 8192), 1);
    }

    @Test
    void gemma3ReadsTheTextConfigAndItsSlidingPattern() {
        Model m = config("gemma-3-27b-it.json");
        assertWithinOnePercent(27.0, m.paramsB(), "Gemma-3-27B language model (27.4B with the 0.4B SigLIP tower)");
        assertTrue(m.notes().contains("vision tower"), m.notes());
        assertEquals(52, m.windowedLayers(), "every 6th of 62 layers is global: 10 global, 52 local");
        // By hand at 131,072 tokens: 8,192 B x (10 x 131,072 + 52 x 1,024) = 11,173,625,856 B (~11.2 GB).
        assertEquals(11_173_625_856.0, Memory.kvBytesPerSequence(m, 2, 131072), 1);
    }

    @Test
    void llama4ChunkedLayersHoldOneChunkAndAttendWithinIt() {
        Model m = config("llama-4-scout-17b-16e.json");
        assertEquals(36, m.layerPattern().chunked(), "3 of 4 of 48 layers attend within their chunk");
        assertEquals(12, m.layerPattern().full());
        assertEquals(8192, m.layerPattern().chunk());
        // By hand at 131,072 tokens: 2 x 8 KV heads x 128 x 2 B = 4,096 B x (12 x 131,072 + 36 x 8,192) = 7,650,410,496 B
        assertEquals(7_650_410_496.0, Memory.kvBytesPerSequence(m, 2, 131072), 1);
    }

    @Test
    void slidingLayersAttendOnlyTheirWindow() {
        Model m = config("gemma-2-27b.json");
        // Decode at 8,192: 2 x P + 4 x 32 heads x 128 x (23 x 8,192 + 23 x 4,096) attention FLOPs per token
        double attention = 4.0 * 32 * 128 * (23 * 8192 + 23 * 4096);
        assertEquals(2 * m.paramsB() * 1e9 + attention, dev.infera.physics.Roofline.decodeFlopsPerToken(m, 8192), 1);
    }

    @Test
    void falconMultiQueryHasOneKvHead() {
        Model m = config("falcon-7b.json");
        assertEquals(1, m.kvHeads(), "multi_query: one K/V head shared by 71 query heads");
        assertEquals(Model.Attention.MQA, m.attention());
        assertEquals(64, m.headDim());
        // By hand: 32 layers x (2 x 4544^2 + 2 x 4544 x 64 + 2 x 4544 x 18176 + 2 x 4544)
        // + 65,024 x 4544 tied embeddings + 2 x 4544 = 6.9217B (the model card's "7B").
        assertEquals(6.9217, m.paramsB(), 0.0005);
        // KV: 2 x 32 layers x 1 head x 64 x 2 B = 8,192 B per token (71 heads would be 581,632).
        assertEquals(8192, Memory.kvBytesPerToken(m, 2));
    }

    @Test
    void gptOssReadsLayerTypesAndItsMxfp4Checkpoint() {
        Model m = config("gpt-oss-120b.json");
        assertWithinOnePercent(117, m.paramsB(), "gpt-oss-120b (README: 117B)");
        assertEquals(18, m.windowedLayers());
        assertEquals(128, m.slidingWindow());
        assertEquals("mxfp4", m.checkpointFormat());
        // By hand: 2 x 8 x 64 x 2 B = 2,048 B per layer-token; 18 full layers x 131,072 + 18 x 128.
        assertEquals(2048.0 * (18 * 131072 + 18 * 128), Memory.kvBytesPerSequence(m, 2, 131072), 1);
        assertEquals(4.84, Memory.kvBytesPerSequence(m, 2, 131072) / GB, 0.005);
    }

    @Test
    void deepSeekV3IsMlaMoeAtFp8() {
        Model m = config("deepseek-v3.json");
        assertWithinOnePercent(671, m.paramsB(), "DeepSeek-V3 (671B without the 14B MTP module)");
        // Active counts include the input embedding (129,280 x 7,168 = 0.93B), which the published 37B
        // leaves out (shared/reference/README.md): within 2 % with it.
        assertEquals(37, m.activeParamsB(), 37 * 0.02, "DeepSeek-V3 active");
        assertEquals(Model.Attention.MLA, m.attention());
        assertEquals(3, m.moe().firstDenseLayers());
        assertEquals("fp8", m.checkpointFormat());
        // By hand: 61 layers x (512 + 64) x 2 B = 70,272 B per token.
        assertEquals(70_272, Memory.kvBytesPerToken(m, 2));
    }

    @Test
    void qwenWithSlidingWindowOffCapsNothingAndAwqIsInt4() {
        Model m = config("qwen2.5-7b-instruct-awq.json");
        assertWithinOnePercent(7.61, m.paramsB(), "Qwen2.5-7B (model card: 7.61B)");
        assertNull(m.slidingWindow(), "use_sliding_window false");
        assertEquals("int4", m.checkpointFormat());
        // By hand: 2 x 28 layers x 4 x 128 x 2 B = 57,344 B per token.
        assertEquals(57_344, Memory.kvBytesPerToken(m, 2));
        assertEquals(57_344.0 * 32768, Memory.kvBytesPerSequence(m, 2, 32768), 1);
    }

    @Test
    void mistralSlidesOnEveryLayer() {
        Model m = config("mistral-7b-v0.1.json");
        assertWithinOnePercent(7.3, m.paramsB(), "Mistral-7B (announcement: 7.3B)");
        assertEquals(32, m.windowedLayers());
        // By hand: 32 x 2 x 8 x 128 x 2 B = 131,072 B per token, capped at 4,096 tokens.
        assertEquals(131_072.0 * 4096, Memory.kvBytesPerSequence(m, 2, 32768), 1);
    }

    @Test
    void llama4ScoutHasChunkedLayersAndASharedExpert() {
        Model m = config("llama-4-scout-17b-16e.json");
        // Text model only (vision tower not counted); active includes the input embedding, as above.
        assertEquals(17, m.activeParamsB(), 17 * 0.02, "Llama-4-Scout active (17B)");
        assertWithinOnePercent(107.8, m.paramsB(), "by hand: 48 x (62.9M attention + 17 x 125.8M experts) + 2.07B embeddings");
        assertEquals(1, m.moe().sharedExperts());
        assertEquals(36, m.windowedLayers(), "3 of every 4 layers attend within an 8,192-token chunk");
        // By hand: 2 x 8 x 128 x 2 B = 4,096 B per layer-token; 36 x 8,192 + 12 x 131,072 tokens.
        assertEquals(4096.0 * (36 * 8192 + 12 * 131072), Memory.kvBytesPerSequence(m, 2, 131072), 1);
    }

    @Test
    void recurrentAndUnknownArchitecturesAreErrorsNamingThem() throws IOException {
        BadInputException mamba = assertThrows(BadInputException.class, () -> config("mamba-2.8b.json"));
        assertTrue(mamba.getMessage().contains("MambaForCausalLM") && mamba.getMessage().contains("recurrent"), mamba.getMessage());

        Path foo = temp.resolve("foo.json");
        Files.writeString(foo, """
                {"architectures": ["FooBarForCausalLM"], "hidden_size": 2048, "num_hidden_layers": 22,
                 "num_attention_heads": 32, "intermediate_size": 5632, "vocab_size": 32000}
                """);
        BadInputException unknown = assertThrows(BadInputException.class, () -> HfConfig.read(foo));
        assertTrue(unknown.getMessage().contains("unknown architecture 'FooBarForCausalLM'"), unknown.getMessage());
    }

    @Test
    void impossibleHeadCountsAreErrors() throws IOException {
        Path bad = temp.resolve("bad.json");
        Files.writeString(bad, """
                {"architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "num_hidden_layers": 32,
                 "num_attention_heads": 32, "num_key_value_heads": 12, "intermediate_size": 14336, "vocab_size": 128256}
                """);
        BadInputException e = assertThrows(BadInputException.class, () -> HfConfig.read(bad));
        assertTrue(e.getMessage().contains("num_key_value_heads 12 does not divide num_attention_heads 32"), e.getMessage());

        Files.writeString(bad, """
                {"architectures": ["LlamaForCausalLM"], "hidden_size": 4000, "num_hidden_layers": 32,
                 "num_attention_heads": 48, "intermediate_size": 14336, "vocab_size": 128256}
                """);
        e = assertThrows(BadInputException.class, () -> HfConfig.read(bad));
        assertTrue(e.getMessage().contains("not a multiple of 48 attention heads"), e.getMessage());
    }

    @Test
    void aBareConfigJsonInTheCatalogFolderIsSkippedWithAWarning() throws IOException {
        Files.copy(Path.of(HfConfigTest.class.getResource("/hf-configs/mistral-7b-v0.1.json").getPath()), temp.resolve("config.json"));
        Files.createDirectories(temp.resolve("my-mistral"));
        Files.copy(temp.resolve("config.json"), temp.resolve("my-mistral/config.json"));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            var models = HfConfig.readAll(temp);
            assertEquals(1, models.size());
            assertEquals("my-mistral", models.get(0).id(), "a config.json in catalog/ID/ takes the folder's name");
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString().contains("config.json: ignored") && captured.toString().contains("MODEL-ID.json"), captured.toString());
    }

    @Test
    void aQuantizedCheckpointSetsTheEstimateDefaultFormat() {
        Path awq;
        try {
            awq = Path.of(HfConfigTest.class.getResource("/hf-configs/qwen2.5-7b-instruct-awq.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        var spec = new dev.infera.plan.DeploymentSpec(awq.toString(), "l40s-48g", 0, 1, 1, null, null, null, 1, 1000, 100);
        assertEquals("int4", spec.resolve(TestCatalog.shipped()).weights().id());
    }
}
