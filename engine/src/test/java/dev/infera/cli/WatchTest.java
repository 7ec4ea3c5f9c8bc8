package dev.infera.cli;

import dev.infera.TestFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `advise --watch`: a rules edit re-runs the advice; an edit that does not compile keeps the last good rule base. */
class WatchTest {
    @TempDir
    Path temp;

    @Test
    void editsRerunTheAdviceAndABrokenEditKeepsTheLastGoodRules() throws Exception {
        Path rules = TestFolders.copy(Path.of("rules"), temp);
        Path catalog = TestFolders.copy(Path.of("catalog"), temp);
        List<Integer> ruleCounts = new CopyOnWriteArrayList<>();
        StringWriter err = new StringWriter();
        Thread watcher = new Thread(() -> {
            try {
                Watch.loop(rules, catalog, new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                        (cat, ruleBase) -> ruleCounts.add(ruleBase.rules().size()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watcher.start();
        try {
            waitFor(() -> ruleCounts.size() == 1);
            int shipped = ruleCounts.get(0);

            Files.writeString(rules.resolve("broken.drl"), "package dev.infera.rules;\nrule \"half\" when then\n");
            waitFor(() -> err.toString().contains("keeping the last good rule base"));
            assertTrue(err.toString().contains("broken.drl:"), err.toString());
            assertEquals(1, ruleCounts.size(), "a broken edit does not re-run the advice");

            Files.writeString(rules.resolve("broken.drl"), """
                    package dev.infera.rules;
                    import dev.infera.plan.Candidate;
                    rule "One more heuristic"
                    when
                        Candidate( tp > 8 )
                    then
                    end
                    """);
            waitFor(() -> ruleCounts.size() == 2);
            assertEquals(shipped + 1, ruleCounts.get(1));
        } finally {
            watcher.interrupt();
            watcher.join(10_000);
        }
    }

    /** Polls for a condition the watcher reaches asynchronously; gives up after 30 s (a failure, not a timing claim). */
    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), "the watcher did not react");
    }
}
