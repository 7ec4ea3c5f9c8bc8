package dev.infera.catalog;

import dev.infera.BadInputException;
import dev.infera.TestCatalog;
import org.junit.jupiter.api.Assumptions;
import dev.infera.TestFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped catalog loads whole, and each kind of bad input stops the load with file:line: message. */
class CatalogLoadingTest {
    @TempDir
    Path temp;

    @Test
    void everyShippedFileLoadsWithEveryReferenceRow() throws IOException {
        Catalog catalog = TestCatalog.shipped();
        for (String id : csvIds("gpus.csv")) {
            assertTrue(catalog.hasGpu(id), "gpus.csv row " + id);
        }
        for (String id : csvIds("models.csv")) {
            assertEquals(id, catalog.model(id).id());
        }
        assertTrue(catalog.getInterconnects().size() >= 23);
        for (String id : List.of("rtx-3070", "rtx-3080", "rtx-3080-ti", "rtx-3090-ti", "rtx-4070-ti", "rtx-4080",
                "rtx-4000-ada", "rtx-5000-ada", "a40-48g", "p40-24g", "v100-pcie-16g")) {
            assertTrue(catalog.hasGpu(id), id);
        }
        for (String id : List.of("fp16", "bf16", "fp8", "int8", "int4", "q4_0", "q4_k_m", "q5_k_m", "q6_k", "q8_0", "nvfp4", "mxfp4")) {
            assertEquals(id, catalog.format(id).id());
        }
        assertEquals(4.65, catalog.format("4.65bpw").bitsPerWeight());
        for (String id : List.of("llama.cpp", "vllm", "sglang", "trtllm", "exllamav2", "mlc", "lmdeploy")) {
            assertEquals(id, catalog.engine(id).id());
        }
        assertEquals("vllm", catalog.defaultEngine().id());
    }

    @Test
    void serversCarryTheirLinks() {
        Catalog catalog = TestCatalog.shipped();
        Server workstation = catalog.serverFor(catalog.gpu("rtx-4090"), 2);
        assertEquals(LinkKind.PCIE, workstation.intraNodeLink().kind(), "RTX 4090 has no NVLink");
        Server hgx = catalog.serverFor(catalog.gpu("h100-sxm-80g"), 8);
        assertTrue(hgx.intraNodeLink().isScaleUpFabric());
    }

    @Test
    void aHuggingFaceConfigIsAModel() throws IOException {
        Path config = temp.resolve("tiny-llama.json");
        Files.writeString(config, """
                {"hidden_size": 2048, "num_hidden_layers": 22, "num_attention_heads": 32, "num_key_value_heads": 4,
                 "intermediate_size": 5632, "vocab_size": 32000, "max_position_embeddings": 2048}
                """);
        Model model = TestCatalog.shipped().model(config.toString());
        assertEquals("tiny-llama", model.id());
        assertEquals(Model.Attention.GQA, model.attention());
        assertEquals(1.1, model.paramsB(), 0.02, "TinyLlama-1.1B");
    }

    @Test
    void unknownIdsSuggestTheClosest() {
        BadInputException e = assertThrows(BadInputException.class, () -> TestCatalog.shipped().gpu("h100"));
        assertTrue(e.getMessage().contains("did you mean") && e.getMessage().contains("h100-sxm-80g"), e.getMessage());
    }

    @Test
    void aMissingFieldNamesFileAndLine() throws IOException {
        Path dir = copyCatalog();
        replace(dir.resolve("gpus.yaml"), "    memoryGb: 80\n", "");
        assertLoadFails(dir, "gpus.yaml:", "missing field 'memoryGb'");
    }

    @Test
    void aNegativeValueNamesFileAndLine() throws IOException {
        Path dir = copyCatalog();
        replace(dir.resolve("gpus.yaml"), "memoryGb: 80\n", "memoryGb: -80\n");
        assertLoadFails(dir, "gpus.yaml:", "must be positive");
    }

    @Test
    void aServerNamingAnUnknownGpuIsRejected() throws IOException {
        Path dir = copyCatalog();
        replace(dir.resolve("servers.yaml"), "gpu: h100-sxm-80g", "gpu: h100-sxm-80gb");
        assertLoadFails(dir, "servers.yaml:", "unknown gpu 'h100-sxm-80gb' (did you mean h100-sxm-80g");
    }

    @Test
    void anUnknownAdmissionPolicySuggestsTheClosest() throws IOException {
        Path dir = copyCatalog();
        replace(dir.resolve("engines.yaml"), "admission: reserve-whole-sequence", "admission: reserve-whole-sequences");
        assertLoadFails(dir, "engines.yaml:", "unknown admission 'reserve-whole-sequences' (did you mean reserve-whole-sequence");
    }

    @Test
    void schedulerStepsAreAtLeastOne() throws IOException {
        Path dir = copyCatalog();
        replace(dir.resolve("engines.yaml"), "schedulerSteps: 1\n", "schedulerSteps: 0\n");
        assertLoadFails(dir, "engines.yaml:", "scheduler steps must be at least 1");
        assertEquals(1, TestCatalog.shipped().engine("vllm").serving().schedulerSteps());
    }

    @Test
    void multiStepSchedulingIsNotCombinedWithAdmissionByPredictedOutput() throws IOException {
        Path sglang = copyCatalog();
        replace(sglang.resolve("engines.yaml"), "admission: predicted-output\n", "admission: predicted-output\n      schedulerSteps: 8\n");
        assertLoadFails(sglang, "engines.yaml:", "8 scheduler steps (multi-step scheduling, vLLM's) are not modelled with admission predicted-output");
    }

    @Test
    void engineProfilesSayWhatAdmissionReserves() {
        Catalog catalog = TestCatalog.shipped();
        assertTrue(catalog.engine("trtllm").serving().reservesWholeSequence(), "TensorRT-LLM's GUARANTEED_NO_EVICT default");
        assertEquals(EngineServing.Admission.PAGED, catalog.engine("vllm").serving().admission());
        assertEquals(EngineServing.Admission.PREDICTED_OUTPUT, catalog.engine("sglang").serving().admission());
        assertTrue(catalog.engine("sglang").serving().predictsOutput() && !catalog.engine("vllm").serving().predictsOutput());
        assertTrue(!catalog.engine("vllm").serving().reservesWholeSequence() && !catalog.engine("sglang").serving().reservesWholeSequence());
        // Static slots reserve per slot by themselves; the flag is a paged cache's admission.
        assertTrue(!catalog.engine("llama.cpp").serving().reservesWholeSequence());
    }

    @Test
    void aGpuSaysWhyItsFieldsAreUnknown() throws IOException {
        Catalog catalog = TestCatalog.shipped();
        Gpu mi308x = catalog.gpu("mi308x-192g");
        assertTrue(Double.isNaN(mi308x.memoryBandwidthGbs()), "the MI308X's bandwidth is not sourced");
        assertTrue(mi308x.unknownWhy().startsWith("no public datasheet"), mi308x.unknownWhy());
        assertEquals(" (unknown: " + mi308x.unknownWhy() + ")", mi308x.unknownWhySuffix());
        // a row without the field has no reason and adds nothing to a message
        assertEquals(null, catalog.gpu("h100-sxm-80g").unknownWhy());
        assertEquals("", catalog.gpu("h100-sxm-80g").unknownWhySuffix());
        // the field is read as written, and a misspelt key is a file:line error, not silently ignored
        Path dir = copyCatalog();
        replace(dir.resolve("gpus.yaml"), "    unknownWhy: \"no public datasheet: AMD", "    unknownWhy: \"vendor withholds it; no public datasheet: AMD");
        assertTrue(Catalog.load(dir).gpu("mi308x-192g").unknownWhy().startsWith("vendor withholds it; no public datasheet"));
        replace(dir.resolve("gpus.yaml"), "    unknownWhy: ", "    unknownWhyy: ");
        assertLoadFails(dir, "gpus.yaml:", "unknownWhyy");
    }

    @Test
    void aDuplicateIdIsRejected() throws IOException {
        Path dir = copyCatalog();
        String yaml = Files.readString(dir.resolve("interconnects.yaml"));
        int first = yaml.indexOf("  - id: nvlink-1");
        int second = yaml.indexOf("  - id:", first + 5);
        Files.writeString(dir.resolve("interconnects.yaml"), yaml + yaml.substring(first, second));
        assertLoadFails(dir, "interconnects.yaml:", "duplicate id 'nvlink-1'");
    }

    @Test
    void aYamlSyntaxErrorNamesTheLine() throws IOException {
        Path dir = copyCatalog();
        Files.writeString(dir.resolve("formats.yaml"), "formats:\n  - id: fp16\n    bitsPerWeight: [16\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Catalog.load(dir));
        assertTrue(e.getMessage().matches("formats\\.yaml:\\d+: YAML syntax error.*"), e.getMessage());
    }

    @Test
    void aPcieFigureInAnotherConventionNamesItsLine() throws IOException {
        // A datasheet's "PCIe Gen5: 128GB/s" is both directions before encoding; halved it is 64, not the catalog's 63
        Path dir = copyCatalog();
        replace(dir.resolve("gpus.yaml"), "    pcieGen: 5\n    pcieGbs: 63\n", "    pcieGen: 5\n    pcieGbs: 64\n");
        assertLoadFails(dir, "gpus.yaml:", "pcieGbs 64 is not PCIe Gen5: x16 63.0, x8 31.5, x4 15.8 GB/s per direction after 128b/130b encoding");
        Path bidirectional = TestFolders.copy(Path.of("catalog"), temp.resolve("second"));
        replace(bidirectional.resolve("gpus.yaml"), "    pcieGen: 4\n    pcieGbs: 31.5\n", "    pcieGen: 4\n    pcieGbs: 63\n");
        assertLoadFails(bidirectional, "gpus.yaml:", "pcieGbs 63 is not PCIe Gen4");
        Path link = TestFolders.copy(Path.of("catalog"), temp.resolve("third"));
        replace(link.resolve("interconnects.yaml"), "    unidirectionalGbs: 31.5\n", "    unidirectionalGbs: 32\n");
        assertLoadFails(link, "interconnects.yaml:", "unidirectionalGbs 32 is not PCIe Gen4: x16 31.5 GB/s per direction");
    }

    @Test
    void theConventionIsTheLineRateAfterEncoding() {
        // GT/s x lanes x encoding share / 8
        assertEquals(8 * 16 * 128.0 / 130 / 8, PcieRate.perDirectionGbs(3, 16), 1e-12);
        assertEquals(15.75, PcieRate.perDirectionGbs(3, 16), 0.01);
        assertEquals(31.51, PcieRate.perDirectionGbs(4, 16), 0.01);
        assertEquals(63.02, PcieRate.perDirectionGbs(5, 16), 0.01);
        assertEquals(31.51, PcieRate.perDirectionGbs(5, 8), 0.01);
        assertEquals(121.0, PcieRate.perDirectionGbs(6, 16), 0.01);
        // every shipped pcie link agrees with it (the loader checks the same)
        for (Interconnect i : TestCatalog.shipped().getInterconnects()) {
            if (i.kind().equals("pcie")) {
                int gen = i.id().charAt(4) - '0';
                assertEquals(PcieRate.perDirectionGbs(gen, 16), i.unidirectionalGbs(), 0.005 * i.unidirectionalGbs(), i.id());
            }
        }
    }

    private void assertLoadFails(Path dir, String filePrefix, String text) {
        BadInputException e = assertThrows(BadInputException.class, () -> Catalog.load(dir));
        assertTrue(e.getMessage().startsWith(filePrefix) && e.getMessage().matches("[^:]+:\\d+: .*") && e.getMessage().contains(text),
                e.getMessage());
    }

    private Path copyCatalog() throws IOException {
        return TestFolders.copy(Path.of("catalog"), temp);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), "fixture text not found: " + from);
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    }

    private static List<String> csvIds(String name) throws IOException {
        // The reference CSVs live in shared/ beside the checkout (as on CI).
        Path file = Path.of("..", "shared", "reference", name);
        Assumptions.assumeTrue(Files.exists(file), "SKIPPED: " + file + " not beside the checkout");
        return Files.readAllLines(file).stream().skip(1).map(line -> line.substring(0, line.indexOf(','))).toList();
    }
}
