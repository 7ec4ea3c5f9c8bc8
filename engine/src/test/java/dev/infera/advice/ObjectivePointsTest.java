package dev.infera.advice;

import dev.infera.TestCatalog;
import dev.infera.TestFolders;
import dev.infera.TestRules;
import dev.infera.rules.Finding;
import dev.infera.rules.RuleBase;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scenario objective's points are the thresholds table's columns: edit a row's points and the score follows. */
class ObjectivePointsTest {
    private static final String CHAT_POINTS = ",mean,mean,0.5,0.5,25,25,5,45,45";

    @TempDir
    Path temp;

    private static Scenario chat() {
        return new ScenarioBuilder().model("llama-3-8b").kind("chat").context(2048).users(4).gpus(List.of("h100-sxm-80g", "l40s-48g"))
                .engines(List.of("vllm")).build();
    }

    /** The objective's points on the top recommendation for the target of the quantity its sentence starts with. */
    private static double points(Advice advice, String startsWith) {
        Recommendation top = advice.ranked().get(0);
        return top.findings().stream().filter(f -> f.severity() == Finding.Severity.OBJECTIVE && f.message().startsWith(startsWith)
                        && f.message().contains(" target"))
                .mapToDouble(Finding::points).sum();
    }

    @Test
    void theTablesPointsScoreTheCandidates() throws IOException {
        Advice shipped = TestRules.advisor().advise(chat());
        assertTrue(shipped.ranked().get(0).candidate().isMeetsLatencyTargets());
        assertEquals(25, points(shipped, "TTFT "), 1e-9, "full TTFT marks at the target");
        assertEquals(25, points(shipped, "TPOT "), 1e-9);

        Path rules = TestFolders.copy(Path.of("rules"), temp);
        Path table = rules.resolve("thresholds.drl.csv");
        String text = Files.readString(table);
        // Chat row first: TTFT 40, TPOT 10, speed and cost as shipped.
        int chat = text.indexOf(",1000,CHAT,");
        int at = text.indexOf(CHAT_POINTS, chat);
        assertTrue(chat > 0 && at > 0);
        Files.writeString(table, text.substring(0, at) + ",mean,mean,0.5,0.5,40,10,5,45,45" + text.substring(at + CHAT_POINTS.length()));
        Advice edited = new Advisor(TestCatalog.shipped(), RuleBase.load(rules)).advise(chat());
        assertEquals(40, points(edited, "TTFT "), 1e-9);
        assertEquals(10, points(edited, "TPOT "), 1e-9);
    }
}
