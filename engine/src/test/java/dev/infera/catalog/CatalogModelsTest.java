package dev.infera.catalog;

import dev.infera.BadInputException;
import dev.infera.TestCatalog;
import dev.infera.TestFolders;
import dev.infera.physics.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2026 model rows are their published config.json (src/test/resources/hf-configs): the import of
 * each config gives the row's shape and parameters, and the parameters are within 1 % of the
 * published size (the card's figure, or where the card rounds harder, within its rounding).
 */
class CatalogModelsTest {
    @TempDir
    Path temp;

    private static Model config(String name) {
        try {
            return HfConfig.read(Path.of(CatalogModelsTest.class.getResource("/hf-configs/" + name + ".json").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{1} is {0}.json, {2}B published")
    @CsvSource({
            "llama-3.3-70b-instruct, llama-3.3-70b, 70.6, 0.01",
            "llama-4-maverick-17b-128e, llama-4-maverick, 400, 0.01",
            "glm-4.5, glm-4.5, 355, 0.01",
            "qwen3-coder-480b-a35b-instruct, qwen3-coder-480b-a35b, 480, 0.01",
            "phi-4, phi-4, 14.7, 0.01",
            "mistral-small-24b-instruct-2501, mistral-small-24b, 23.6, 0.01",
            "mistral-large-instruct-2407, mistral-large-2, 123, 0.01",
            "c4ai-command-r-v01, command-r, 35, 0.01",
            "gemma-3-27b-it, gemma-3-27b, 27, 0.01",
            "qwen3-next-80b-a3b, qwen3-next-80b-a3b, 80, 0.01",
            // the cards say 109B with the vision encoder (not counted) and "1T" (one significant digit)
            "llama-4-scout-17b-16e, llama-4-scout, 109, 0.02",
            "kimi-k2-instruct, kimi-k2, 1000, 0.05"})
    void theRowIsWhatItsConfigSays(String file, String id, double publishedB, double tolerance) {
        Model imported = config(file);
        Model row = TestCatalog.shipped().model(id);
        assertEquals(publishedB, imported.paramsB(), publishedB * tolerance, id + ": computed " + imported.paramsB() + "B");
        assertEquals(imported.paramsB(), row.paramsB(), 0.001, id + " paramsB");
        assertEquals(imported.activeParamsBOrTotal(), row.activeParamsBOrTotal(), 0.001, id + " active");
        assertEquals(imported.layers(), row.layers());
        assertEquals(imported.hiddenSize(), row.hiddenSize());
        assertEquals(imported.attentionHeads(), row.attentionHeads());
        assertEquals(imported.kvHeads(), row.kvHeads());
        assertEquals(imported.headDim(), row.headDim());
        assertEquals(imported.vocabSize(), row.vocabSize());
        assertEquals(imported.maxContext(), row.maxContext());
        assertEquals(imported.attention(), row.attention());
        assertEquals(imported.mla(), row.mla());
        assertEquals(imported.moe(), row.moe());
        assertEquals(imported.layerPattern(), row.layerPattern(), id + " layer pattern");
        // so the KV both give is the same, at any length
        assertEquals(Memory.kvBytesPerSequence(imported, 2, 100_000), Memory.kvBytesPerSequence(row, 2, 100_000), 1);
    }

    @Test
    void qwen3NextsImportCountsItsLinearLayersByHand() {
        Model m = config("qwen3-next-80b-a3b");
        // By hand (models.yaml notes): 79,674,391,296 total, 3,874,929,408 active
        assertEquals(79.674391296, m.paramsB(), 1e-9);
        assertEquals(3.874929408, m.activeParamsB(), 1e-9);
        // 32 x 128 x 128 recurrent + 3 x (2 x 16 x 128 + 32 x 128) conv elements
        assertEquals(548_864, m.layerPattern().linearStateElements());
        assertEquals(36, m.layerPattern().linear());
    }

    @Test
    void qwen3NextKeepsKvOnlyInItsAttentionLayers() {
        Model m = TestCatalog.shipped().model("qwen3-next-80b-a3b");
        assertEquals(80, m.paramsB(), 0.8, "within 1 % of the card's 80B");
        assertEquals(12, m.layerPattern().kvLayers());
        // 2 x 2 KV heads x 256 x 2 B = 2,048 B per layer-token x 12 layers
        assertEquals(24_576, Memory.kvBytesPerToken(m, 2));
        // At 262,144 tokens: 24,576 x 262,144 + 36 x 548,864 x 2 B of state = 6,481,969,152 B; all-full would be 4x the KV
        assertEquals(6_481_969_152.0, Memory.kvBytesPerSequence(m, 2, 262_144), 1);
    }

    @Test
    void aDistillHasItsBaseShapeUnderItsOwnId() {
        Model distill = TestCatalog.shipped().model("deepseek-r1-distill-llama-70b");
        Model base = TestCatalog.shipped().model("llama-3.3-70b");
        assertEquals("DeepSeek-R1-Distill-Llama-70B", distill.name());
        assertEquals(base.paramsB(), distill.paramsB());
        assertEquals(base.layerPattern(), distill.layerPattern());
        assertTrue(distill.notes().startsWith("shape of llama-3.3-70b"), distill.notes());
    }

    @Test
    void qwen3MoeRowsHaveNoDenseWidth() {
        // Every layer is MoE: the loader gives the expert width where a row has no dense one
        Model m = TestCatalog.shipped().model("qwen3-235b-a22b");
        assertEquals(m.moe().expertIntermediateSize(), m.intermediateSize());
    }

    @Test
    void aLayerPatternThatDoesNotAddUpNamesItsLine() throws IOException {
        Path dir = TestFolders.copy(Path.of("catalog"), temp);
        Path models = dir.resolve("models.yaml");
        Files.writeString(models, Files.readString(models).replace("layerPattern: {full: 10, sliding: 52, window: 1024}",
                "layerPattern: {full: 10, sliding: 50, window: 1024}"));
        BadInputException e = assertThrows(BadInputException.class, () -> Catalog.load(dir));
        assertTrue(e.getMessage().matches("models\\.yaml:\\d+: .*layerPattern counts 60 layers.*layers is 62.*"), e.getMessage());
    }

    @Test
    void anAliasOfAnUnknownShapeSuggestsTheClosest() throws IOException {
        Path dir = TestFolders.copy(Path.of("catalog"), temp);
        Path models = dir.resolve("models.yaml");
        Files.writeString(models, Files.readString(models).replace("shapeOf: llama-3.3-70b", "shapeOf: llama-3.3-70"));
        BadInputException e = assertThrows(BadInputException.class, () -> Catalog.load(dir));
        assertTrue(e.getMessage().contains("did you mean") && e.getMessage().contains("llama-3.3-70b"), e.getMessage());
    }
}
