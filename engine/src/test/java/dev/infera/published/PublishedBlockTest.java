package dev.infera.published;

import dev.infera.BadInputException;
import dev.infera.TestCatalog;
import dev.infera.catalog.YamlNode;
import dev.infera.workload.Published;
import dev.infera.workload.ScenarioFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The scenario YAML's published: block is part of the schema: typos in it are file:line errors like any other field. */
class PublishedBlockTest {
    private static final String HEAD = "model: llama-3-8b\npublished:\n  source: a table\n  choice: one GPU\n";

    private static YamlNode yaml(String text) {
        return YamlNode.parse(new StringReader(text), "case.yaml");
    }

    private static String error(String text) {
        return assertThrows(BadInputException.class, () -> ScenarioFile.read(yaml(text))).getMessage();
    }

    @Test
    void aBlockReadsItsCitationPropertiesAndDiagnosis() {
        Published p = Published.read(yaml(HEAD + "  url: https://example.org\n  expect:\n    gpus: {min: 1, max: 2}\n    tp: 1\n"
                + "    precision: [8-bit, 16-bit]\n    fits: true\n  diagnosis: the cost term decides\n").get("published"));
        assertEquals("a table", p.source());
        assertEquals("https://example.org", p.url());
        assertEquals(List.of(new Published.Range("gpus", 1, 2, 7), new Published.Range("tp", 1, 1, 8),
                new Published.OneOf("precision", List.of("8-bit", "16-bit"), 9), new Published.Flag("fits", true, 10)), p.expected());
        assertEquals("the cost term decides", p.diagnosis());
        assertNull(Published.read(yaml("model: llama-3-8b\n").get("published")));
    }

    @Test
    void aRangeWithOneEndLeavesTheOtherOpen() {
        Published p = Published.read(yaml(HEAD + "  expect:\n    replicas: {min: 2}\n").get("published"));
        assertEquals(new Published.Range("replicas", 2, Integer.MAX_VALUE, 6), p.expected().get(0));
    }

    @Test
    void unknownFieldsInsideTheBlockAreFileLineErrorsWithSuggestions() {
        assertEquals("case.yaml:5: unknown field 'diagnosys' (did you mean diagnosis?)",
                error(HEAD + "  diagnosys: x\n  expect:\n    tp: 1\n"));
        assertEquals("case.yaml:6: unknown field 'gpuz' (did you mean gpu, gpus, pp?)", error(HEAD + "  expect:\n    gpuz: 1\n"));
        assertEquals("case.yaml:6: unknown field 'maxx' (did you mean max, min?)", error(HEAD + "  expect:\n    tp: {maxx: 2}\n"));
    }

    @Test
    void badValuesAreFileLineErrors() {
        assertEquals("case.yaml:6: tp: min 4 is above max 2", error(HEAD + "  expect:\n    tp: {min: 4, max: 2}\n"));
        assertEquals("case.yaml:6: precision classes are whole bits of the weight format, like 16-bit, 8-bit, 4-bit; got 'fp8'",
                error(HEAD + "  expect:\n    precision: [fp8]\n"));
        assertEquals("case.yaml:6: unknown layout 'workstaton' (did you mean workstation?)", error(HEAD + "  expect:\n    layout: workstaton\n"));
        assertEquals("case.yaml:3: missing field 'choice'", error("model: llama-3-8b\npublished:\n  source: a table\n  expect:\n    tp: 1\n"));
    }

    @Test
    void aBlockWithoutPropertiesSaysWhichItCouldState() {
        String message = error(HEAD);
        assertEquals("case.yaml:3: published needs expect: a mapping of at least one property the top recommendation must have "
                + "(engine, fits, gpu, gpus, gpusPerReplica, layout, nodes, pp, precision, replicas, tp, weights)", message);
    }

    @Test
    void anIdTheCatalogDoesNotKnowIsAnErrorAtItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("case.yaml");
        Files.writeString(file, HEAD + "  expect:\n    gpu: [h100-sxm]\n");
        String message = assertThrows(BadInputException.class, () -> PublishedCase.read(file, TestCatalog.shipped())).getMessage();
        assertEquals(file + ":6: unknown gpu 'h100-sxm' (did you mean h100-sxm-80g?)", message.replaceAll(", h800.*\\?\\)", "?)"));
    }
}
