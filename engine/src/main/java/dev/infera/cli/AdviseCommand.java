package dev.infera.cli;

import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.report.AdviceJson;
import dev.infera.report.AdviceText;
import dev.infera.text.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code infera advise}: ranked architecture recommendations for a scenario, with their reasons. */
@Command(name = "advise", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = ScenarioOptions.Flags.class,
        header = "Recommend deployment architectures for a model and workload, ranked, with reasons.",
        footerHeading = "%nExamples:%n",
        footer = {"  infera advise --model llama-3-70b --scenario chat --context 8192 --users 32 \\",
                "      --gpus h100-sxm-80g,h200-sxm-141g,a100-sxm-80g,l40s-48g",
                "  infera advise --model llama-3-70b --context 8192 --users 1 --tpot 50",
                "  infera advise --model llama-3-8b --rate 20 --gpus l40s-48g,h100-sxm-80g",
                "  infera advise -f scenarios/rag-32k.yaml --explain"})
public final class AdviseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    RulesOption rules;

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Ranked entries to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--reasons", paramLabel = "N", defaultValue = "3", description = "Top entries whose reasons are printed (default: ${DEFAULT-VALUE}).")
    int reasons;

    @Option(names = "--all", description = "List every rejected candidate, not one per rule.")
    boolean all;

    @Option(names = "--variants", description = "List every engine and KV-format variant of an architecture, not just its best.")
    boolean variants;

    @Option(names = "--json", description = "Print the full structure (every candidate, estimate, finding) as JSON.")
    boolean json;

    @Option(names = "--explain", description = "Print the formula behind each number of the top entries, with values substituted.")
    boolean explain;

    @Option(names = "--timing", description = "Print how long loading the catalog, compiling the rules and advising took (stderr).")
    boolean timing;

    @Option(names = "--watch", description = "Re-run whenever a file in the rules or catalog folder changes (Ctrl-C stops).")
    boolean watch;

    @Override
    public Integer call() throws InterruptedException {
        rules.cacheCatalogOf(common);
        if (watch) {
            Watch.loop(rules.folder(), common.catalogFolder(), spec.commandLine().getOut(), spec.commandLine().getErr(),
                    (catalog, ruleBase) -> print(new Advisor(catalog, ruleBase), catalog));
            return Main.OK;
        }
        Limits.atLeast("--top", top, 1);
        Limits.atLeast("--reasons", reasons, 0);
        long start = System.nanoTime();
        // The rules load on a second core while this one reads the catalog and generates and estimates
        // the candidates: none of that needs the rules, which are first asked for when judging begins.
        long[] rulesMs = new long[1];
        var rulesLoading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            long begin = System.nanoTime();
            var loaded = rules.load();
            rulesMs[0] = System.nanoTime() - begin;
            return loaded;
        }, runnable -> {
            Thread thread = new Thread(runnable, "infera-rules");
            thread.setDaemon(true);
            thread.start();
        });
        var catalog = common.catalog();
        long catalogMs = System.nanoTime() - start;
        // Bad input stops here, before waiting for the rules; print() warns, this check does not.
        scenario.scenario(catalog, new java.io.PrintWriter(java.io.Writer.nullWriter()));
        long[] waitedMs = new long[1];
        java.util.function.Supplier<dev.infera.rules.RuleBase> ruleBase = () -> {
            long begin = System.nanoTime();
            try {
                return rulesLoading.join();
            } catch (java.util.concurrent.CompletionException e) {
                // A broken rules folder is bad input (exit 2 with its file:line), not an error of the thread that loaded it.
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            } finally {
                waitedMs[0] = System.nanoTime() - begin;
            }
        };
        if (timing) {
            spec.commandLine().getErr().printf("timing: catalog %.0f ms%s%n", catalogMs / 1e6,
                    catalog.cached() ? " (parsed catalog from the cache)" : "");
        }
        Advisor advisor = new Advisor(catalog, ruleBase);
        print(advisor, catalog);
        if (timing) {
            spec.commandLine().getErr().printf("timing: rules %.0f ms%s, on a second thread beside the catalog and the candidates;"
                            + " the advice waited %.0f ms for them; %.0f ms in all%n", rulesMs[0] / 1e6,
                    advisor.rules().cached() ? " (compiled rules from the cache)" : "", waitedMs[0] / 1e6, (System.nanoTime() - start) / 1e6);
        }
        return Main.OK;
    }

    private void print(Advisor advisor, dev.infera.catalog.Catalog catalog) {
        Limits.atLeast("--top", top, 1);
        Limits.atLeast("--reasons", reasons, 0);
        long start = System.nanoTime();
        Advice advice = advisor.advise(scenario.scenario(catalog, spec.commandLine().getErr()));
        if (timing) {
            spec.commandLine().getErr().printf("timing: advice of %d candidates %.0f ms%n", advice.candidates(), (System.nanoTime() - start) / 1e6);
        }
        if (json) {
            spec.commandLine().getOut().println(Json.pretty(AdviceJson.document(advice, explain)));
        } else {
            spec.commandLine().getOut().print(AdviceText.render(advice, top, reasons, all, explain, variants));
        }
        spec.commandLine().getOut().flush();
    }
}
