package dev.infera.script;

import dev.infera.advice.Advisor;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What a running script shares with the command that started it: one Advisor (one compiled rule
 * base and catalog for every scenario and sweep worker), the output streams and the run options.
 *
 * @param out           --out: where sweeps stream rows, overriding the script's csv/jsonl
 * @param quiet         no progress bar
 * @param summaryLimit  rows per summary table that {@code table(result)} prints
 */
public record ScriptContext(Advisor advisor, PrintWriter stdout, PrintStream stderr, Path out, boolean resume,
                            boolean quiet, int threads, int summaryLimit) {

    SweepResult sweep(Sweep sweep, Path target) {
        SweepRunner runner = new SweepRunner(advisor, new SweepRunner.Options(target, resume, !quiet, threads), stderr);
        // Ctrl-C: stop between two whole cases and close the file, so what was written stays valid.
        Thread hook = new Thread(runner::cancel, "sweep-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runner.run(sweep);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
    }
}
