package dev.infera.rules;

import dev.infera.BadInputException;
import dev.infera.TestCatalog;
import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.advice.ArchitectureLabel;
import dev.infera.cli.Main;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import dev.infera.TestFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules folder is read at run time: edits change the advice without a rebuild, and broken files stop cleanly. */
class RuleBaseErrorsTest {
    @TempDir
    Path temp;

    private Path copyRules() throws IOException {
        return TestFolders.copy(Path.of("rules"), temp);
    }

    private static Scenario scenario() {
        return new ScenarioBuilder().model("llama-3-70b").kind("chat").context(2048).users(1)
                .gpus(List.of("rtx-4090", "l40s-48g")).weights(List.of("int4")).engines(List.of("vllm")).deployment("workstation").build();
    }

    @Test
    void anEditedRuleChangesTheRankingWithoutRecompiling() throws IOException {
        Path rules = copyRules();
        Advice before = new Advisor(TestCatalog.shipped(), RuleBase.load(rules)).advise(scenario());
        // An architect adds a heuristic: no GeForce in this lab either.
        Files.writeString(rules.resolve("house.drl"), """
                package dev.infera.rules;
                import dev.infera.plan.Candidate;
                global dev.infera.rules.Findings findings;
                rule "Our lab runs no GeForce cards"
                when
                    $c : Candidate( datacenterUseAllowed == false )
                then
                    findings.reject(kcontext, $c, "house policy");
                end
                """);
        Advice after = new Advisor(TestCatalog.shipped(), RuleBase.load(rules)).advise(scenario());
        assertTrue(before.ranked().stream().anyMatch(r -> r.candidate().getGpu().equals("rtx-4090")));
        assertFalse(after.ranked().stream().anyMatch(r -> r.candidate().getGpu().equals("rtx-4090")));
        assertNotEquals(ArchitectureLabel.of(before.winner().candidate()) + before.ranked().size(), ArchitectureLabel.of(after.winner().candidate()) + after.ranked().size());
    }

    @Test
    void aBrokenRuleFileStopsWithFileLineAndExitCode2() throws IOException {
        Path rules = copyRules();
        Files.writeString(rules.resolve("broken.drl"), """
                package dev.infera.rules;
                import dev.infera.plan.Candidate;
                rule "Half written"
                when
                    $c : Candidate( tp > )
                then
                end
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "advise", "--model", "llama-3-8b", "--rules", rules.toString());
        assertEquals(2, code);
        String message = err.toString().strip();
        assertTrue(message.matches("infera: .*broken\\.drl:\\d+: .*"), message);
        assertFalse(message.contains("\tat "), "no stack trace");
        assertEquals("", out.toString());
    }

    @Test
    void aRuleThatNeverTerminatesIsStoppedAndNamed() throws IOException {
        Path rules = copyRules();
        Files.writeString(rules.resolve("loop.drl"), """
                package dev.infera.rules;
                import dev.infera.workload.Workload;
                rule "Keeps touching the workload"
                when
                    $w : Workload()
                then
                    update($w);
                end
                """);
        RuleBase loaded = RuleBase.load(rules);
        BadInputException e = assertThrows(BadInputException.class,
                () -> new Advisor(TestCatalog.shipped(), loaded).advise(scenario()));
        assertTrue(e.getMessage().startsWith(rules.resolve("loop.drl") + ":3: rules did not terminate: ") && e.getMessage().contains("rule 'Keeps touching the workload' updated facts"), e.getMessage());
    }
}
