package dev.infera.rules;

import dev.infera.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thresholds table's cells are checked when the table is compiled (DecisionTables.drl), at their row,
 * whether or not a scenario of that row's kind ever runs; "none" is the one way to say "no target".
 */
class ThresholdCellsTest {
    private static final Path TABLE = Path.of("rules/thresholds.drl.csv");
    private static final String CHAT = ",1000,CHAT,1000,100,32,0.25,0.05,0,10000,4096,small-loss,noticeable-loss,0.15,mean,mean,0.5,0.5,25,25,5,45,45";

    private static String drl(String replace, String with) throws IOException {
        String text = Files.readString(TABLE);
        assertTrue(text.contains(replace), replace);
        return DecisionTables.drl(TABLE, text.replace(replace, with).getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String replace, String with) {
        return assertThrows(BadInputException.class, () -> drl(replace, with)).getMessage();
    }

    @Test
    void theShippedTableCompilesAndSaysNoneForTheOfflineTargets() throws IOException {
        String drl = drl(CHAT, CHAT);
        assertTrue(drl.contains("String ttft = \"none\";"), drl);
        assertTrue(drl.contains("String ttft = \"1000\";"), drl);
    }

    @Test
    void aTargetMustBePositiveOrNone() throws IOException {
        assertEquals(TABLE + ":10: thresholds table: the TTFT target must be a positive number of ms, or none for no target, got '0'",
                error(CHAT, CHAT.replace(",CHAT,1000,", ",CHAT,0,")));
        assertEquals(TABLE + ":10: thresholds table: the TPOT target must be a number, got 'fast'",
                error(CHAT, CHAT.replace(",1000,100,32,", ",1000,fast,32,")));
        // Near miss: the smallest positive target, and the word in any case, are accepted.
        drl(CHAT, CHAT.replace(",CHAT,1000,", ",CHAT,0.5,"));
        drl(CHAT, CHAT.replace(",CHAT,1000,", ",CHAT,None,"));
    }

    @Test
    void anEmptyTargetCellSaysToWriteNone() {
        assertEquals(TABLE + ":10: thresholds table: the TTFT target ms cell is empty (write none for no target)",
                error(CHAT, CHAT.replace(",CHAT,1000,", ",CHAT,,")));
    }

    @Test
    void sharesAndCountsAreCheckedAtTheirRow() throws IOException {
        assertEquals(TABLE + ":10: thresholds table: the all-reduce share of a decode step must be above 0 and at most 1, got 1.01",
                error(CHAT, CHAT.replace(",32,0.25,", ",32,1.01,")));
        drl(CHAT, CHAT.replace(",32,0.25,", ",32,1,"));
        assertEquals(TABLE + ":10: thresholds table: the free memory share in a datacenter must be at least 0 and below 1, got 1.0",
                error(CHAT, CHAT.replace(",0.25,0.05,", ",0.25,1,")));
        assertEquals(TABLE + ":10: thresholds table: the long prompt threshold must be at least 1, got 0",
                error(CHAT, CHAT.replace(",0,10000,", ",0,0,")));
        assertEquals(TABLE + ":10: thresholds table: the throughput tolerance must be at least 0 and below 1, got -0.1",
                error(CHAT, CHAT.replace(",0.15,mean", ",-0.1,mean")));
        assertEquals(TABLE + ":10: thresholds table: the repeated prefix's share of the prompt must be between 0 and 1, got 1.5",
                error(CHAT, CHAT.replace(",mean,mean,0.5,0.5,", ",mean,mean,1.5,0.5,")));
        assertEquals(TABLE + ":10: thresholds table: the prefix hit rate must be between 0 and 1, got -0.1",
                error(CHAT, CHAT.replace(",mean,mean,0.5,0.5,", ",mean,mean,0.5,-0.1,")));
        drl(CHAT, CHAT.replace(",mean,mean,0.5,0.5,", ",mean,mean,1,0,"));
        assertTrue(error(CHAT, CHAT.replace(",small-loss,", ",tiny-loss,")).startsWith(TABLE + ":10: unknown quality class 'tiny-loss'"),
                error(CHAT, CHAT.replace(",small-loss,", ",tiny-loss,")));
    }

    @Test
    void aRowsObjectivePointsSumTo100() throws IOException {
        assertEquals(TABLE + ":10: thresholds table: the objective's points (TTFT 30.0 + TPOT 25.0 + speed 5.0 + cost 45.0) must sum to 100, got 105.0",
                error(CHAT, CHAT.replace(",mean,mean,0.5,0.5,25,25,", ",mean,mean,0.5,0.5,30,25,")));
        assertEquals(TABLE + ":10: thresholds table: the cost points where nothing is priced (50.0) must be at most the cost points (45.0)",
                error(CHAT, CHAT.replace(",5,45,45", ",5,45,50")));
        // Near miss: points moved between parts, still 100.
        drl(CHAT, CHAT.replace(",mean,mean,0.5,0.5,25,25,5,45,", ",mean,mean,0.5,0.5,30,20,5,45,"));
    }
}
