package dev.infera.cli;

import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.advice.ArchitectureLabel;
import dev.infera.report.Format;
import dev.infera.report.ReportOptions;
import dev.infera.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code infera report}: the advice for a scenario as a Markdown, HTML or PDF document. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = ScenarioOptions.Flags.class,
        header = "Write the advice for a scenario as a report (Markdown, HTML or PDF) for a procurement request.",
        footerHeading = "%nExamples:%n",
        footer = {"  infera report --model llama-3-70b --users 32 --context 8192 -o advice.pdf",
                "  infera report -f scenarios/llama-3-70b-chat.yaml -o advice.html"})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    RulesOption rules;

    @Mixin
    ScenarioOptions scenario;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Report file, written whole or not at all.")
    Path output;

    @Option(names = "--format", paramLabel = "md|html|pdf", description = "Report format (default: from the file's extension).")
    String format;

    @Option(names = "--templates", paramLabel = "DIR", description = "Template folder (default: report/templates, here or beside the launcher).")
    Path templates;

    @Option(names = "--top", paramLabel = "N", defaultValue = "" + ReportOptions.DEFAULT_TOP,
            description = "Ranked candidates in the comparison table (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() {
        rules.cacheCatalogOf(common);
        Limits.atLeast("--top", top, 1);
        Limits.writableFile("-o", output);
        Format chosen = format != null ? Format.of(format) : Format.ofFile(output);
        ReportOptions options = ReportOptions.defaults().withTemplates(templates).withTop(top);
        var catalog = common.catalog();
        var wanted = scenario.scenario(catalog, spec.commandLine().getErr());
        Advisor advisor = new Advisor(catalog, rules.load());
        Advice advice = Reports.write(advisor, wanted, chosen, output, options);
        spec.commandLine().getOut().printf("wrote %s (%s, %d candidates, %s)%n", output, chosen.name().toLowerCase(java.util.Locale.ROOT),
                advice.candidates(), advice.winner() == null ? "no viable configuration" : "recommends " + ArchitectureLabel.of(advice.winner().candidate()));
        return Main.OK;
    }
}
