package dev.infera.published;

import dev.infera.TestRules;
import dev.infera.advice.Advisor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite of published deployments (scenarios/published/): each case through the real advisor (the
 * shipped catalog and rules folder). A case that differs must say why in its {@code diagnosis:}; a
 * case that agrees must not carry one (the diagnosis went stale when the cause was fixed).
 */
class PublishedDeploymentsTest {
    private static final Path SUITE = Path.of("scenarios/published");

    @Test
    void everyPublishedDeploymentAgreesOrCarriesItsDiagnosis() {
        Advisor advisor = TestRules.advisor();
        List<PublishedCase> cases = PublishedSuite.load(SUITE, advisor.catalog());
        assertTrue(cases.size() >= 20, "the suite holds at least 20 published deployments, found " + cases.size());
        long start = System.nanoTime();
        List<PublishedSuite.Result> results = cases.parallelStream().map(c -> PublishedSuite.evaluate(advisor, c)).toList();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("Published deployments (" + SUITE + "):");
        results.forEach(r -> System.out.println("  " + r.line()));
        System.out.printf("%s; %d cases in %.1f s%n", PublishedSuite.agreement(results), results.size(), seconds);

        List<String> undiagnosed = results.stream().filter(r -> !r.agrees() && !r.diagnosed()).map(PublishedSuite.Result::line).toList();
        List<String> stale = results.stream().filter(r -> r.agrees() && r.diagnosed()).map(PublishedSuite.Result::line).toList();
        assertTrue(undiagnosed.isEmpty(), "cases that differ without a diagnosis: write down which rule, score or fact decides\n  "
                + String.join("\n  ", undiagnosed));
        assertTrue(stale.isEmpty(), "cases that now agree still carry a diagnosis: remove it\n  " + String.join("\n  ", stale));
    }
}
