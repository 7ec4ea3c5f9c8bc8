package dev.infera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The site and procurement flags say what the scenario YAML says: the same constraints, the same fleet costs. */
class ProcurementFlagsTest {
    @TempDir
    Path dir;

    private static JsonNode json(CliRun run) throws Exception {
        assertEquals(0, run.code(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void flagsEqualTheYamlAndAFlagOverridesTheFile() throws Exception {
        Path yaml = dir.resolve("s.yaml");
        Files.writeString(yaml, """
                model: llama-3-70b
                context: 8192
                users: 32
                gpus: [h100-sxm-80g]
                maxPowerW: 30000
                maxRackKw: 15
                racks: 2
                cooling: air
                procurement:
                  years: 4
                  usdPerKwh: 0.1
                  pue: 1.3
                  utilisation: 0.8
                  quotes: {hgx-h100-8gpu: 250000}
                  growthPerMonth: 0.05
                """);
        JsonNode fromYaml = json(CliRun.of("advise", "-f", yaml.toString(), "--json"));
        JsonNode fromFlags = json(CliRun.of("advise", "--model", "llama-3-70b", "--context", "8192", "--users", "32", "--gpus", "h100-sxm-80g",
                "--max-power", "30000", "--max-rack-kw", "15", "--racks", "2", "--cooling", "air", "--years", "4", "--usd-per-kwh", "0.1", "--pue", "1.3",
                "--utilisation", "0.8", "--quote", "hgx-h100-8gpu=250000", "--growth-per-month", "0.05", "--json"));
        assertEquals(fromYaml.at("/scenario/constraints"), fromFlags.at("/scenario/constraints"));
        assertEquals(30000.0, fromFlags.at("/scenario/constraints/maxPowerW").asDouble(), "the whole-fleet power budget: " + fromFlags.at("/scenario/constraints"));
        assertEquals(fromYaml.at("/ranked/0/procurement"), fromFlags.at("/ranked/0/procurement"));
        assertEquals(250000.0, fromFlags.at("/ranked/0/procurement/purchase_usd").asDouble() / fromFlags.at("/ranked/0/procurement/nodes").asDouble());
        // A flag given with the file wins over the file's value.
        JsonNode overridden = json(CliRun.of("advise", "-f", yaml.toString(), "--pue", "1.5", "--json"));
        assertEquals(1.5, overridden.at("/scenario/constraints/terms/values/pue").asDouble());
        assertEquals(4.0, overridden.at("/scenario/constraints/terms/values/years").asDouble());
    }

    @Test
    void anErrorBandsFieldsComeInOneOrderSoTheSameAdviceIsTheSameBytes() throws Exception {
        JsonNode advice = json(CliRun.of("advise", "--model", "llama-3-70b", "--context", "8192", "--users", "32", "--gpus", "h100-sxm-80g",
                "--quote", "hgx-h100-8gpu=250000", "--quote", "h100-sxm-80g=30000", "--json"));
        JsonNode band = advice.at("/ranked/0/procurement/band_tpot");
        List<String> fields = new ArrayList<>();
        band.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("low", "high", "n", "calibrated", "basis"), fields, band.toString());
        List<String> quoted = new ArrayList<>();
        advice.at("/scenario/constraints/terms/quotesUsd").fieldNames().forEachRemaining(quoted::add);
        assertEquals(List.of("h100-sxm-80g", "hgx-h100-8gpu"), quoted, "quotes by id: " + quoted);
    }
}
