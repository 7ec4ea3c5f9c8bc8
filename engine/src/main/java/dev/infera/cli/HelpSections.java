package dev.infera.cli;

import dev.infera.workload.ScenarioSchema;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --help} lists a command's options in groups (scenario, hardware pool, constraints, output,
 * and the folders every command reads) instead of one long list. Which group an option is in is said
 * here, by name, so the options themselves stay where their command declares them.
 */
final class HelpSections {
    private HelpSections() {}

    private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        // The scenario fields' flags join their schema group after the command-specific options named here.
        group("Scenario", "--file", "--batch");
        group("Hardware pool", "--gpu", "--tp", "--pp", "--engine");
        group("Constraints");
        group("Facility and procurement");
        group("Output", "--top", "--reasons", "--all", "--variants", "--json", "--explain", "--timing", "--watch",
                "--input", "--output", "--out", "--format", "--templates", "--rows", "--resume", "--quiet", "--summary-rows");
        group("Catalog, rules and cache", "--catalog", "--rules", "--cache", "--no-cache", "--debug");
        for (ScenarioSchema.Field field : ScenarioSchema.fields()) {
            GROUPS.get(field.group().heading).add(field.flag());
        }
        for (ScenarioSchema.Field term : ScenarioSchema.procurementFields()) {
            GROUPS.get(term.group().heading).add(term.flag());
        }
    }

    private static void group(String heading, String... names) {
        GROUPS.put(heading, new ArrayList<>(List.of(names)));
    }

    /** Installs the grouped option list on every command that has options of more than one group. */
    static void install(CommandLine command) {
        if (groupsUsed(command.getCommandSpec()) > 1) {
            command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
            command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::render);
        }
        command.getSubcommands().values().forEach(HelpSections::install);
    }

    private static int groupsUsed(CommandLine.Model.CommandSpec spec) {
        return (int) GROUPS.values().stream().filter(names -> spec.options().stream().anyMatch(o -> names.contains(o.longestName()))).count();
    }

    private static String render(Help help) {
        List<OptionSpec> options = help.commandSpec().options().stream().filter(o -> !o.hidden()).toList();
        StringBuilder text = new StringBuilder();
        List<OptionSpec> placed = new ArrayList<>();
        for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
            List<OptionSpec> members = options.stream().filter(o -> group.getValue().contains(o.longestName())).toList();
            section(help, text, group.getKey(), members);
            placed.addAll(members);
        }
        section(help, text, "Other", options.stream().filter(o -> !placed.contains(o)).toList());
        return text.toString();
    }

    private static void section(Help help, StringBuilder text, String heading, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return;
        }
        Help.Layout layout = help.createDefaultLayout();
        Help.IParamLabelRenderer labels = help.createDefaultParamLabelRenderer();
        options.forEach(o -> layout.addOption(o, labels));
        text.append(System.lineSeparator()).append(heading).append(':').append(System.lineSeparator()).append(layout);
    }
}
