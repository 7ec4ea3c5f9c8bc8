package dev.infera.cli;

import dev.infera.advice.Advisor;
import dev.infera.rules.RuleBase;
import dev.infera.script.ScriptContext;
import dev.infera.script.ScriptRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@code infera run}: runs a Groovy scenario script or sweep (see scripts/README.md). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run a Groovy scenario script or sweep.",
        footerHeading = "%nExamples:%n",
        footer = {"  infera run scripts/context_sweep.groovy --out context.csv",
                "  infera run scripts/big_sweep.groovy --out big.csv --resume"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    RulesOption rules;

    @Parameters(index = "0", paramLabel = "SCRIPT.groovy", description = "The script to run.")
    Path script;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments, seen by the script as args.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Where sweeps stream their rows (.csv or .jsonl); overrides the script's csv/jsonl.")
    Path out;

    @Option(names = "--resume", description = "Keep the rows already in the output and skip those scenarios.")
    boolean resume;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Sweep worker threads (default: all cores).")
    int threads;

    @Option(names = "--summary-rows", paramLabel = "N", defaultValue = "40", description = "Rows per summary table, 0 for all (default: ${DEFAULT-VALUE}).")
    int summaryRows;

    @Override
    public Integer call() {
        rules.cacheCatalogOf(common);
        // Scripts sweep, so the rules' alpha network is compiled; that and the catalog load on another
        // thread while Groovy compiles the script, which hides most of the extra start-up time.
        CompletableFuture<Advisor> advisor = CompletableFuture.supplyAsync(
                () -> new Advisor(common.catalog(), rules.load(RuleBase.Network.COMPILED)));
        ScriptRunner.run(script, args, () -> new ScriptContext(joined(advisor), spec.commandLine().getOut(), System.err, out, resume,
                quiet, threads, summaryRows));
        return Main.OK;
    }

    /** The advisor once loaded; a bad catalog or rules folder is thrown as itself, not wrapped. */
    private static Advisor joined(CompletableFuture<Advisor> advisor) {
        try {
            return advisor.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
