package dev.infera.cli;

import dev.infera.TestFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `advise --watch`: a rules edit re-runs the advice; an edit that does not compile keeps the last good
 * rule base; a poll that sees no change does nothing. The loop runs on the test's thread and its pause
 * before each poll is the test's next step (an edit, a check of what the previous poll did), so nothing
 * waits on a clock.
 */
class WatchTest {
    private static final String BROKEN = "package dev.infera.rules;\nrule \"half\" when then\n";
    private static final String ONE_MORE = """
            package dev.infera.rules;
            import dev.infera.plan.Candidate;
            rule "One more heuristic"
            when
                Candidate( tp > 8 )
            then
            end
            """;

    @TempDir
    Path temp;

    /** A step the loop takes before one poll. */
    private interface Step {
        void run() throws Exception;
    }

    @Test
    void editsRerunTheAdviceAndABrokenEditKeepsTheLastGoodRules() throws Exception {
        Path rules = TestFolders.copy(Path.of("rules"), temp);
        Path catalog = TestFolders.copy(Path.of("catalog"), temp);
        Path added = rules.resolve("broken.drl");
        List<Integer> ruleCounts = new ArrayList<>();
        StringWriter err = new StringWriter();
        Deque<Step> steps = new ArrayDeque<>(List.of(
                () -> {
                    assertEquals(1, ruleCounts.size(), "the advice runs once on start");
                    Files.writeString(added, BROKEN);
                },
                () -> {
                    assertTrue(err.toString().contains("broken.drl:"), err.toString());
                    assertTrue(err.toString().contains("keeping the last good rule base"), err.toString());
                    assertEquals(1, ruleCounts.size(), "a broken edit does not re-run the advice");
                },
                () -> {
                    assertEquals(1, count(err.toString(), "keeping the last good rule base"), "a poll with no change loads nothing");
                    Files.writeString(added, ONE_MORE);
                },
                () -> {
                    assertEquals(2, ruleCounts.size(), "a good edit re-runs the advice");
                    assertEquals(ruleCounts.get(0) + 1, ruleCounts.get(1), "with the rule it added");
                }));
        int total = steps.size();
        assertThrows(InterruptedException.class, () -> Watch.loop(rules, catalog, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), (cat, ruleBase) -> ruleCounts.add(ruleBase.rules().size()), () -> {
                    if (steps.isEmpty()) {
                        throw new InterruptedException("script done");
                    }
                    try {
                        steps.pop().run();
                    } catch (InterruptedException | RuntimeException | Error e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
        assertEquals(0, steps.size(), "every one of the " + total + " steps ran");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
