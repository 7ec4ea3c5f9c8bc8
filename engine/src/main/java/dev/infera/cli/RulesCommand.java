package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.advice.Advisor;
import dev.infera.text.TextTable;
import dev.infera.rules.RuleBase;
import dev.infera.ruletest.RuleCheck;
import dev.infera.ruletest.RuleTests;
import dev.infera.rules.Vocabulary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code infera rules list|check|test|vocabulary}: the rule base as an architect maintains it. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        header = "List, check and test the rules folder (DRL, DSL rules, decision tables).",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.Check.class, RulesCommand.Test.class, RulesCommand.PrintVocabulary.class},
        footerHeading = "%nExamples:%n",
        footer = {"  infera rules check                 # after editing a rule file or the decision table",
                "  infera rules test rules/           # the cases in rules/tests/*.yaml",
                "  infera rules list --catalog my-catalog"})
public final class RulesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The folder argument shared by the subcommands: DIR, else --rules / the default. */
    static final class Folder {
        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Rules folder (default: ./rules).")
        Path dir;

        Path path() {
            return dir != null ? dir : CommonOptions.defaultFolder("rules");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "Every rule with its file, family and description.",
            footerHeading = "%nExample:%n", footer = {"  infera rules list rules/"})
    static final class ListRules implements Runnable {
        @Spec CommandSpec spec;
        @Mixin Folder folder;
        @Mixin CommonOptions common;

        @Override
        public void run() {
            TextTable table = new TextTable("rule", "file", "family", "description");
            for (RuleBase.RuleInfo rule : RuleBase.load(folder.path()).rules()) {
                table.row(rule.name(), rule.file(), rule.family(), rule.description());
            }
            spec.commandLine().getOut().print(table.render());
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            header = "Compile the folder and report errors (exit 2) and warnings: duplicate names, unused phrases, skipped files, rules no test scenario fires, rules that join the workload with every candidate.",
            footerHeading = "%nExample:%n", footer = {"  infera rules check rules/"})
    static final class Check implements java.util.concurrent.Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Folder folder;
        @Mixin CommonOptions common;

        @Override
        public Integer call() {
            RuleCheck.Report report = RuleCheck.check(folder.path(), common.catalog());
            PrintWriter out = spec.commandLine().getOut();
            report.errors().forEach(e -> out.println("error: " + e));
            report.warnings().forEach(w -> out.println("warning: " + w));
            out.printf("%s: %d rule(s), %d error(s), %d warning(s)%n", folder.path(), report.rules(), report.errors().size(), report.warnings().size());
            return report.errors().isEmpty() ? Main.OK : Main.BAD_INPUT;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, header = "Run the rule tests in DIR/tests/*.yaml: pass or fail per case (exit 1 on a failure).",
            footerHeading = "%nExample:%n", footer = {"  infera rules test rules/"})
    static final class Test implements java.util.concurrent.Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Folder folder;
        @Mixin CommonOptions common;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int failed = run(folder.path(), new Advisor(common.catalog(), RuleBase.load(folder.path())), out);
            return failed == 0 ? Main.OK : Main.INTERNAL_ERROR;
        }

        /** Runs and prints every case; returns how many failed. Shared with the build's own test. */
        static int run(Path rulesFolder, Advisor advisor, PrintWriter out) {
            Set<String> names = new HashSet<>();
            advisor.rules().rules().forEach(r -> names.add(r.name()));
            List<Path> files = RuleTests.files(rulesFolder);
            if (files.isEmpty()) {
                throw new BadInputException(rulesFolder.resolve("tests") + ": no rule tests (*.yaml)");
            }
            List<RuleTests.Case> cases = RuleTests.read(files, names, advisor.catalog());
            int failed = 0;
            for (RuleTests.Case testCase : cases) {
                RuleTests.Result result = RuleTests.run(testCase, advisor);
                out.println((result.passed() ? "pass  " : "FAIL  ") + testCase.where() + "  " + testCase.name());
                result.failures().forEach(f -> out.println("        " + f));
                failed += result.passed() ? 0 : 1;
            }
            out.printf("%d case(s): %d passed, %d failed%n", cases.size(), cases.size() - failed, failed);
            return failed;
        }
    }

    @Command(name = "vocabulary", mixinStandardHelpOptions = true, header = "Print the DSL phrases (Markdown), as rules/README.md lists them.",
            footerHeading = "%nExample:%n", footer = {"  infera rules vocabulary > vocabulary.md"})
    static final class PrintVocabulary implements Runnable {
        @Spec CommandSpec spec;
        @Mixin Folder folder;
        @Mixin CommonOptions common;

        @Override
        public void run() {
            List<Path> dsl = RuleBase.ruleFiles(folder.path()).stream().filter(f -> f.toString().endsWith(".dsl")).toList();
            spec.commandLine().getOut().print(Vocabulary.of(dsl).markdown());
        }
    }
}
