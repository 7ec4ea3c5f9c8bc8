package dev.infera.advice;

import dev.infera.TestRules;
import dev.infera.TestCatalog;
import dev.infera.rules.Finding;
import dev.infera.rules.RuleBase;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import dev.infera.workload.ScenarioFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sweeps run the rules with their alpha network compiled to Java; a single advice walks Drools'
 * node graph. Both must give the same advice: every candidate's findings, scores, rank and
 * rejection, and the notes explaining the rows a sweep keeps.
 */
class CompiledNetworkTest {
    private static final Path RULES = Path.of("rules");
    static final Advisor NODES = TestRules.advisor();
    private static final Advisor COMPILED = new Advisor(TestCatalog.shipped(), TestRules.shippedCompiled());

    /** The shipped scenario files, and scenarios that reach the rules on budgets, regions, MoE models and offline deadlines. */
    static Stream<Scenario> scenarios() throws IOException {
        List<Scenario> scenarios = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
            files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(f -> scenarios.add(ScenarioFile.read(f).build()));
        }
        List<String> pool = List.of("h100-sxm-80g", "h20-96g", "a100-sxm-80g", "l40s-48g", "rtx-4090", "mi300x-192g");
        scenarios.add(new ScenarioBuilder().model("llama-3-70b").kind("chat").context(8192).users(32).gpus(pool)
                .region("CN").maxPowerW(6000).maxUsdPerHour(30).maxCapitalUsd(250_000).build());
        scenarios.add(new ScenarioBuilder().model("mixtral-8x22b").kind("agent").context(16384).users(64).gpus(pool).build());
        scenarios.add(new ScenarioBuilder().model("qwen2.5-72b").kind("offline").documents(200_000).outputTokens(400).deadlineHours(6).gpus(pool).build());
        scenarios.add(new ScenarioBuilder().model("llama-3-8b").kind("rag").context(65536).contextExtension("YaRN factor 8").users(4).gpus(pool).deployment("workstation").build());
        return scenarios.stream();
    }

    @Test
    void theTwoAdvisorsReallyTestFactsDifferently() {
        assertEquals(RuleBase.Network.NODES, NODES.rules().network());
        assertEquals(RuleBase.Network.COMPILED, COMPILED.rules().network());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theCompiledAlphaNetworkGivesTheSameAdviceAsDroolsNodeGraph(Scenario scenario) {
        Advice nodes = NODES.advise(scenario);
        Advice compiled = COMPILED.advise(scenario);
        assertTrue(nodes.ranked().size() + nodes.rejected().size() > 50, "enough candidates to exercise the network");
        assertEquals(everything(nodes), everything(compiled));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theCompiledAlphaNetworkExplainsTheRowsASweepKeepsAsTheNodeGraphDoes(Scenario scenario) {
        Advisor.Shown top = new Advisor.Shown(3);
        assertEquals(everything(NODES.advise(scenario, top)), everything(COMPILED.advise(scenario, top)));
    }

    /** Each ranked row (rank, candidate, score, findings) and each rejection (candidate, reasons), then the scenario's findings. */
    static List<String> everything(Advice advice) {
        List<String> lines = new ArrayList<>();
        for (Recommendation r : advice.ranked()) {
            lines.add(r.rank() + " #" + r.candidate().getId() + " " + r.score() + " " + text(r.findings()));
        }
        for (Rejection r : advice.rejected()) {
            lines.add("rejected #" + r.candidate().getId() + " " + r.reasons());
        }
        lines.add("scenario " + text(advice.scenarioFindings()));
        return lines;
    }

    private static List<String> text(List<Finding> findings) {
        return findings.stream().map(f -> f.severity() + " " + f.rule() + " " + f.points() + " " + f.message()).toList();
    }
}
