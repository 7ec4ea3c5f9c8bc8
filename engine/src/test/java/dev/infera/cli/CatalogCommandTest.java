package dev.infera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infera.text.Json;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `infera catalog list|show|check` on the shipped catalog. */
class CatalogCommandTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void listGpusAsJsonCarriesTheFilledRates() throws Exception {
        CliRun r = run("catalog", "list", "gpus", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode rows = Json.mapper().readTree(r.out());
        JsonNode a6000 = null;
        for (JsonNode row : rows) {
            if (row.get("id").asText().equals("rtx-a6000")) {
                a6000 = row;
            }
        }
        assertTrue(a6000 != null, "rtx-a6000 listed");
        assertEquals(154.8, a6000.get("fp16_tflops").asDouble());
        assertEquals(309.7, a6000.get("int8_tops").asDouble());
    }

    @Test
    void everyKindLists() {
        for (String kind : new String[] {"gpus", "models", "servers", "engines", "formats", "prices"}) {
            CliRun r = run("catalog", "list", kind);
            assertEquals(0, r.code(), kind + ": " + r.err());
            assertTrue(r.out().lines().count() > 2, kind + ": " + r.out());
        }
        CliRun bad = run("catalog", "list", "gpu");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown kind 'gpu'"), bad.err());
    }

    @Test
    void listWithoutAKindCountsEachKindAndSaysHowToListOne() throws Exception {
        CliRun r = run("catalog", "list");
        assertEquals(0, r.code(), r.err());
        CliRun gpus = run("catalog", "list", "gpus", "--json");
        int gpuRows = Json.mapper().readTree(gpus.out()).size();
        assertTrue(r.out().lines().anyMatch(l -> l.matches("gpus\\s+" + gpuRows)), r.out());
        assertTrue(r.out().contains("catalog list KIND"), r.out());
        JsonNode counts = Json.mapper().readTree(run("catalog", "list", "--json").out());
        assertEquals(gpuRows, counts.get("gpus").asInt());
        assertEquals(6, counts.size(), counts.toString());
    }

    @Test
    void showPrintsTheRowWithItsSources() {
        CliRun r = run("catalog", "show", "rtx-5000-ada");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("gpus.yaml:"), r.out());
        assertTrue(r.out().contains("memoryBandwidthGbs: 576") && r.out().contains("sources:")
                && r.out().contains("rtx5000ada_specs.md"), r.out());
        assertFalse(r.out().contains("id: v100-pcie-16g"), "only the one entry");

        CliRun model = run("catalog", "show", "engine/src/test/resources/hf-configs/falcon-7b.json");
        assertEquals(0, model.code(), model.err());
        assertTrue(model.out().contains("kvHeads: 1"), model.out());
    }

    @Test
    void checkReportsCoverageAndWhyAGpuCannotRunAFormat() {
        CliRun r = run("catalog", "check");
        assertEquals(0, r.code(), r.err());
        // columns widen with the longest id: match the words, not the spacing
        assertTrue(r.out().lines().anyMatch(l -> l.matches("a100-sxm-80g\\s+fp8\\s+no FP8 peak listed.*")), r.out());
        // GGUF quants dequantise where a GPU lacks INT8 tensor cores: "cannot run" only where nothing runs (no bandwidth).
        assertFalse(r.out().lines().anyMatch(l -> l.matches(".*\\s(q4_0|q4_k_m)\\s.*") && !l.contains("memory bandwidth not sourced")), r.out());
        // A part whose bandwidth is not sourced runs nothing, and says why, GGUF included.
        assertTrue(r.out().lines().anyMatch(l -> l.matches("mi308x-192g\\s+q4_k_m\\s+memory bandwidth not sourced in the catalog \\(unknown: no public datasheet.*")), r.out());
        // its unknown fields say why they are unknown (gpus.yaml unknownWhy), not only that they are
        assertTrue(r.out().lines().anyMatch(l -> l.matches("mi308x-192g\\s+memoryBandwidthGbs, .*\\s+no public datasheet.*")), r.out());
        // every rental price row is dated on or after 2025-06 (Price.STALE_BEFORE): none is listed as stale
        assertTrue(r.out().contains("advise marks them STALE where charged): 0\n"), r.out());
        assertTrue(r.out().contains("v100-pcie-16g") && r.out().contains("GPU fields not listed"), r.out());
    }
}
