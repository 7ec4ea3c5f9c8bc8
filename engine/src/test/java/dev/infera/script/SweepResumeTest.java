package dev.infera.script;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep cut short and resumed ends with exactly the rows of an uninterrupted run. */
class SweepResumeTest {
    private static final String SWEEP = """
            sweep {
                model 'llama-3-70b', 'qwen2.5-72b'
                scenario 'chat', 'rag'
                context 4096, 32768
                extendContext 'YaRN'
                users 1, 64
                hardware 'h100-sxm-80g', 'l40s-48g'
                top 2
            }
            """;

    @TempDir
    Path dir;

    private Sweep sweep() throws IOException {
        return (Sweep) ScriptFixture.run(dir, "sweep.groovy", SWEEP);
    }

    private SweepResult run(Sweep sweep, Path out, boolean resume) {
        return new SweepRunner(ScriptFixture.ADVISOR, new SweepRunner.Options(out, resume, false, 2), System.err).run(sweep);
    }

    private static List<String> sortedLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.sort(null);
        return lines;
    }

    @Test
    void killedMidWriteThenResumedEqualsUninterrupted() throws IOException {
        Sweep sweep = sweep();
        Path whole = dir.resolve("whole.csv");
        run(sweep, whole, false);
        // What a kill leaves: the first cases whole, one case with only some rows, a line cut mid-write.
        List<String> lines = Files.readAllLines(whole, StandardCharsets.UTF_8);
        Path cut = dir.resolve("cut.csv");
        Files.write(cut, lines.subList(0, 12), StandardCharsets.UTF_8);
        Files.writeString(cut, lines.get(12).substring(0, 30), StandardOpenOption.APPEND);
        SweepResult resumed = run(sweep, cut, true);
        assertTrue(resumed.resumed() > 0 && resumed.evaluated() > 0);
        assertEquals(sortedLines(whole), sortedLines(cut));
        assertEquals(run(sweep, null, false).winners(), resumed.winners());
    }

    @Test
    void cancelledThenResumedEqualsUninterruptedInJsonLines() throws Exception {
        Sweep sweep = sweep();
        Path whole = dir.resolve("whole.jsonl");
        run(sweep, whole, false);
        Path part = dir.resolve("part.jsonl");
        SweepRunner runner = new SweepRunner(ScriptFixture.ADVISOR, new SweepRunner.Options(part, false, false, 1), System.err);
        Thread worker = new Thread(() -> runner.run(sweep));
        worker.start();
        while (worker.isAlive() && (!Files.exists(part) || Files.size(part) == 0)) {
            Thread.sleep(5);
        }
        runner.cancel();
        worker.join();
        for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), "whole lines only: " + line);
        }
        run(sweep, part, true);
        assertEquals(sortedLines(whole), sortedLines(part));
    }

    @Test
    void summariesNameWinnerRunnerUpAndFlipsFromTheEngine() throws IOException {
        SweepResult result = run(sweep(), null, false);
        assertEquals(32, result.winners().size());
        for (SweepResult.Winner w : result.winners()) {
            if (!w.family().equals("none")) {
                assertTrue(w.margin() >= 0, w.toString());
            }
        }
        // A flip is a change of winner: the two cases it names have different winners, and a step along its axis.
        assertFalse(result.flips().isEmpty(), "32 cases over GPUs and loads should flip the winner somewhere");
        for (SweepResult.Flip f : result.flips()) {
            assertNotEquals(f.before(), f.after(), f.toString());
            assertNotEquals(f.from(), f.to(), f.toString());
        }
        assertTrue(result.summary(10).contains("Pareto frontier"));
    }
}
