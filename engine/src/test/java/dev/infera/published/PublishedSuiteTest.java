package dev.infera.published;

import dev.infera.TestRules;
import dev.infera.advice.Advisor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite's verdicts: agreement needs every property; a diagnosis on an agreeing case is reported as stale. */
class PublishedSuiteTest {
    private static Advisor advisor;

    @BeforeAll
    static void loadRules() {
        advisor = TestRules.advisor();
    }

    private static final String SCENARIO = "model: llama-3.1-8b\nscenario: offline\ninput: 1000\noutput: 1000\nthroughput: 15220\n"
            + "gpus: [h100-sxm-80g]\npublished:\n  source: a table\n  choice: 1x H100 FP8\n  expect:\n";

    private static PublishedSuite.Result run(Path dir, String name, String expectAndRest) throws IOException {
        Files.writeString(dir.resolve(name + ".yaml"), SCENARIO + expectAndRest);
        List<PublishedCase> cases = PublishedSuite.load(dir, advisor.catalog());
        PublishedCase c = cases.stream().filter(x -> x.id().equals(name)).findFirst().orElseThrow();
        return PublishedSuite.evaluate(advisor, c);
    }

    @Test
    void aCaseAgreesOnlyWhenTheTopRecommendationHasEveryProperty(@TempDir Path dir) throws IOException {
        PublishedSuite.Result agreeing = run(dir, "one-gpu", "    gpusPerReplica: 1\n    precision: [8-bit]\n");
        assertTrue(agreeing.agrees(), agreeing.line());
        assertTrue(agreeing.line().startsWith("agrees"), agreeing.line());

        PublishedSuite.Result oneWrong = run(dir, "eight-gpus", "    gpusPerReplica: 8\n    precision: [8-bit]\n");
        assertFalse(oneWrong.agrees(), oneWrong.line());
        assertTrue(oneWrong.line().startsWith("DIFFERS"), oneWrong.line());
        assertTrue(oneWrong.line().contains("NOT gpusPerReplica 1, published 8"), oneWrong.line());
        assertTrue(oneWrong.line().contains("; precision 8-bit, published 8-bit"), oneWrong.line());
    }

    @Test
    void aDiagnosisIsStaleOnceTheCaseAgreesAndExpectedWhileItDiffers(@TempDir Path dir) throws IOException {
        PublishedSuite.Result stale = run(dir, "stale", "    gpusPerReplica: 1\n  diagnosis: the cost term decides\n");
        assertTrue(stale.agrees() && stale.diagnosed());
        assertTrue(stale.line().startsWith("AGREES (stale diagnosis)"), stale.line());

        PublishedSuite.Result diagnosed = run(dir, "diagnosed", "    gpusPerReplica: 8\n  diagnosis: the cost term decides\n");
        assertTrue(!diagnosed.agrees() && diagnosed.diagnosed());
        assertTrue(diagnosed.line().startsWith("differs (diagnosed)"), diagnosed.line());
        assertEquals("agreement: 1 of 2 published deployments (50.0 %)", PublishedSuite.agreement(List.of(stale, diagnosed)));
    }
}
