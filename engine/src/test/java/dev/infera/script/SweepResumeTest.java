package dev.infera.script;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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
    void cancelledAfterThreeCasesThenResumedEqualsUninterruptedInJsonLines() throws Exception {
        Sweep sweep = sweep();
        Path whole = dir.resolve("whole.jsonl");
        run(sweep, whole, false);
        Path part = dir.resolve("part.jsonl");
        // One worker; the sweep is cancelled from the hook that runs once the third case is written.
        SweepRunner runner = new SweepRunner(ScriptFixture.ADVISOR, new SweepRunner.Options(part, false, false, 1), System.err);
        AtomicInteger written = new AtomicInteger();
        runner.afterEachCase(() -> {
            if (written.incrementAndGet() == 3) {
                runner.cancel();
            }
        });
        SweepResult cancelled = runner.run(sweep);
        assertTrue(cancelled.cancelled(), "the result says it was cut short");
        assertEquals(3, cancelled.evaluated(), "no case starts after the cancel");
        assertEquals(3, written.get());
        List<String> lines = Files.readAllLines(part, StandardCharsets.UTF_8);
        for (String line : lines) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), "whole lines only: " + line);
        }
        assertEquals(cancelled.rows().size(), lines.size(), "the file holds the three cases' rows, all of them");
        assertTrue(lines.size() < Files.readAllLines(whole, StandardCharsets.UTF_8).size());
        SweepResult resumed = run(sweep, part, true);
        assertEquals(3, resumed.resumed());
        assertEquals(sweep.size() - 3, resumed.evaluated());
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
        // A flip names two cases that differ in its axis alone, the second value right after the first
        // in the order written, and the winners the per-case table gives those two cases.
        assertFalse(result.flips().isEmpty(), "32 cases over GPUs and loads should flip the winner somewhere");
        Map<Map<String, String>, String> familyAt = new HashMap<>();
        for (Sweep.Case c : result.sweep().cases()) {
            result.winners().stream().filter(w -> w.key().equals(c.key())).forEach(w -> familyAt.put(c.point(), w.family()));
        }
        for (SweepResult.Flip f : result.flips()) {
            List<Sweep.Case> line = result.sweep().cases().stream().filter(c -> sameExcept(c.point(), f, f.axis())).toList();
            List<String> values = line.stream().map(c -> c.point().get(f.axis())).toList();
            int at = values.indexOf(f.from());
            assertTrue(at >= 0 && at + 1 < values.size() && values.get(at + 1).equals(f.to()), f + " along " + values);
            assertEquals(f.before(), familyAt.get(line.get(at).point()), f.toString());
            assertEquals(f.after(), familyAt.get(line.get(at + 1).point()), f.toString());
            assertNotEquals(f.before(), f.after(), f.toString());
        }
        assertTrue(result.summary(10).contains("Pareto frontier"));
    }

    /** Whether {@code point} is on the flip's line: the flip's other axes at its {@code where} values. */
    private static boolean sameExcept(Map<String, String> point, SweepResult.Flip f, String axis) {
        Map<String, String> others = new LinkedHashMap<>(point);
        others.remove(axis);
        for (String kv : f.where().split(";")) {
            if (kv.isEmpty()) {
                continue;
            }
            String[] parts = kv.split("=", 2);
            if (!parts[1].equals(others.get(parts[0]))) {
                return false;
            }
        }
        return true;
    }
}
