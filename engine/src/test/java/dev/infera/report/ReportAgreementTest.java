package dev.infera.report;

import dev.infera.advice.ArchitectureLabel;
import dev.infera.plan.Candidate;
import dev.infera.text.Numbers;
import dev.infera.text.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's summary, its SLA table and its chart data say the same TTFT, TPOT and throughput at the
 * scenario's load (32 users): the summary once said TPOT 71.2 ms while its chart said 22.3 ms at 32 users,
 * because the chart plotted the decode step and the summary the TPOT a user sees.
 */
class ReportAgreementTest {
    private static final ReportContent CONTENT = ReportContent.of(ReportFixture.ADVISOR, ReportFixture.ADVICE, ReportFixture.options());
    private static final Candidate WINNER = ReportFixture.ADVICE.winner().candidate();
    private static final String USERS = String.valueOf(ReportFixture.ADVICE.scenario().workload().users());

    @Test
    void theSlaTableShowsTheWinnersServedLatency() {
        assertEquals(Numbers.fmt(WINNER.getTtftMs()) + " ms", cell(CONTENT.sla(), "TTFT (time to first token)", "expected"));
        assertEquals(Numbers.fmt(WINNER.getTpotMs()) + " ms", cell(CONTENT.sla(), "TPOT (time per output token)", "expected"));
        assertTrue(CONTENT.sentence().contains(Numbers.fmt(WINNER.getTpotMs()) + " ms per token"), CONTENT.sentence());
    }

    @Test
    void theConcurrencyChartAtTheScenariosLoadShowsTheSameNumbersAsTheSummary() {
        Table data = chart("tpot").data();
        assertEquals(Numbers.fmt(WINNER.getTpotMs()), cell(data, USERS, "TPOT ms"), "TPOT at " + USERS + " users");
        assertEquals(Numbers.fmt(WINNER.getTtftMs()), cell(data, USERS, "TTFT ms"), "TTFT at " + USERS + " users");
        assertEquals(Numbers.fmt(WINNER.getStepMs()), cell(data, USERS, "decode step ms"), "decode step at " + USERS + " users");
        assertEquals(Numbers.fmt(WINNER.getThroughput()), cell(data, USERS, "tokens/s"), "throughput at " + USERS + " users");
        assertEquals(String.valueOf(WINNER.getBatch()), cell(data, USERS, "batch per replica"));
    }

    @Test
    void theFrontierShowsTheWinnersServedTpotAtTheScenariosLoad() {
        Table data = chart("frontier").data();
        String label = "#" + ReportFixture.ADVICE.winner().rank() + " " + ArchitectureLabel.family(WINNER);
        List<String> row = data.rows().stream().filter(r -> r.get(0).equals(label) && r.get(1).equals(USERS)).findFirst().orElse(null);
        assertNotNull(row, "frontier row for " + label + " at " + USERS + " users");
        assertEquals(Numbers.fmt(WINNER.getThroughput()), row.get(data.headers().indexOf("tokens/s")));
        assertEquals(Numbers.fmt(WINNER.getTpotMs()), row.get(data.headers().indexOf("TPOT ms")));
    }

    private static ReportContent.Chart chart(String id) {
        return CONTENT.charts().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no chart " + id));
    }

    /** The cell in the column {@code header} of the row whose first cell is {@code key}. */
    private static String cell(Table table, String key, String header) {
        int column = table.headers().indexOf(header);
        assertTrue(column >= 0, "no column " + header + " in " + table.headers());
        return table.rows().stream().filter(r -> r.get(0).equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + key + " in " + table.rows())).get(column);
    }
}
