package dev.infera.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI helps itself: usage without a command, grouped options, examples, shell completion. */
class HelpTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void noCommandIsBadInputWithTheUsage() {
        assertEquals(Main.BAD_INPUT, run());
        assertTrue(err.toString().startsWith("infera: a command is needed"), err.toString());
        assertTrue(err.toString().contains("Usage: infera"), err.toString());
        assertTrue(err.toString().contains("completion"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void adviseHelpGroupsItsOptionsAndGivesExamples() {
        assertEquals(Main.OK, run("advise", "--help"));
        String help = out.toString();
        int scenario = help.indexOf("\nScenario:");
        int pool = help.indexOf("\nHardware pool:");
        int constraints = help.indexOf("\nConstraints:");
        int output = help.indexOf("\nOutput:");
        int folders = help.indexOf("\nCatalog, rules and cache:");
        int examples = help.indexOf("\nExamples:");
        assertTrue(0 < scenario && scenario < pool && pool < constraints && constraints < output && output < folders && folders < examples, help);
        assertTrue(help.substring(scenario, pool).contains("--users=N"), help);
        assertTrue(help.substring(pool, constraints).contains("--gpus=ID"), help);
        assertTrue(help.substring(constraints, output).contains("--tpot=MS"), help);
        assertTrue(help.substring(output, folders).contains("--json"), help);
        assertTrue(help.substring(folders, examples).contains("--no-cache"), help);
        // Every option is listed once.
        assertEquals(1, help.split("--max-gpus=N ", -1).length - 1, help);
    }

    @Test
    void everyCommandAndSubcommandHasAnExample() {
        java.util.List<String> missing = new java.util.ArrayList<>();
        examplesMissing(Main.commandLine(), missing);
        assertEquals(java.util.List.of(), missing, "commands whose --help gives no example");
    }

    private void examplesMissing(picocli.CommandLine parent, java.util.List<String> missing) {
        for (picocli.CommandLine command : parent.getSubcommands().values()) {
            String path = command.getCommandSpec().qualifiedName(" ").replaceFirst("^infera ", "");
            if (path.equals("help")) {
                continue;
            }
            out.getBuffer().setLength(0);
            assertEquals(Main.OK, run((path + " --help").split(" ")), path);
            String help = out.toString();
            if (!help.contains("\nExample") || !(help.contains("  infera " + path) || help.contains("infera completion"))) {
                missing.add(path);
            }
            examplesMissing(command, missing);
        }
    }

    @Test
    void completionCompletesCommandsOptionsAndCatalogIds() {
        assertEquals(Main.OK, run("completion"));
        String script = out.toString();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.substring(0, 60));
        assertTrue(script.contains("complete -F _complete_infera"), "registers the function");
        for (String word : new String[] {"advise", "estimate", "rules", "vocabulary", "--gpus", "--scenario", "--no-cache",
                "llama-3-70b", "h100-sxm-80g", "h200-sxm-141g", "q4_k_m", "trtllm", "offline", "workstation"}) {
            assertTrue(script.contains(word), word);
        }
    }

    @Test
    void rulesListAndVocabularyTakeCatalogAndDebugLikeEveryCommand() {
        assertEquals(Main.OK, run("rules", "list", "--catalog", "catalog", "--debug"), err.toString());
        assertTrue(out.toString().contains("Avoid tensor parallelism without NVLink"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(Main.OK, run("rules", "vocabulary", "rules", "--catalog=catalog", "--debug"), err.toString());
        assertTrue(out.toString().contains("|"), out.toString());
    }
}
