package dev.infera.script;

import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep's rows say why they rank where they do, in the words the full advice uses. */
class SweepRowsTest {
    @Test
    void keptRowsCarryTheFullAdvicesReasonsNotesIncluded() {
        Scenario chat = new ScenarioBuilder().model("llama-3-70b").kind("chat").context(4096).users(1)
                .gpus(List.of("h100-sxm-80g", "l40s-48g")).build();
        Advice full = ScriptFixture.ADVISOR.advise(chat);
        Advice sweep = ScriptFixture.ADVISOR.advise(chat, new Advisor.Shown(3));
        for (int i = 0; i < 3; i++) {
            assertEquals(SweepRows.reasons(full.ranked().get(i)), SweepRows.reasons(sweep.ranked().get(i)), "row " + (i + 1));
        }
        String winner = SweepRows.reasons(sweep.winner());
        // A single user on one GPU: decode reads every weight per token, a note only shown rows get.
        assertTrue(winner.contains("note: each token reads the weights"), winner);
    }
}
