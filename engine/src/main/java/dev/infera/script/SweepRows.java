package dev.infera.script;

import dev.infera.advice.Advice;
import dev.infera.advice.ArchitectureLabel;
import dev.infera.advice.Recommendation;
import dev.infera.plan.Candidate;
import dev.infera.report.AdviceText;
import dev.infera.rules.Finding;
import dev.infera.workload.Workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.infera.plan.EstimateColumns.round;

/**
 * The rows a sweep writes: one per scenario x ranked recommendation (top N), or one row with rank 0
 * when nothing is viable. One column list for CSV and JSON lines, and for reading them back
 * (--resume, summaries), so the formats cannot drift apart.
 */
public final class SweepRows {
    public static final List<String> COLUMNS = List.of("key", "model", "scenario", "context", "input_tokens", "output_tokens",
            "users", "rank", "of", "family", "architecture", "gpu", "gpus", "tp", "pp", "replicas", "weights", "kv", "engine",
            "score", "ttft_ms", "tpot_ms", "output_tokens_per_s", "tokens_per_s_per_gpu", "usd_per_million_tokens",
            "bottleneck", "viable", "candidates", "note", "reasons");

    /** The note of a case's first row when no configuration in the pool meets its targets: the row is only the closest. */
    static final String MISSES_TARGETS = "misses the targets: no configuration in this pool meets them; this is the closest";

    private SweepRows() {}

    public static int column(String name) {
        int i = COLUMNS.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no sweep column " + name);
        }
        return i;
    }

    /** The rows of one evaluated case; {@code of} says how many rows the case has, so a partial case is detectable. */
    static List<List<Object>> of(Sweep.Case c, Advice advice, int top) {
        int n = Math.min(top, advice.ranked().size());
        List<List<Object>> rows = new ArrayList<>();
        for (Recommendation r : advice.ranked().subList(0, n)) {
            Candidate k = r.candidate();
            rows.add(row(c, r.rank(), n, Arrays.asList(ArchitectureLabel.family(k), ArchitectureLabel.of(k), k.getGpu(), k.getGpus(), k.getTp(), k.getPp(),
                    k.getReplicas(), k.getWeights(), k.getKv(), k.getEngine(), round(r.score(), 3), round(k.getTtftMs(), 2),
                    round(k.getTpotMs(), 3), round(k.getThroughput(), 1), round(k.getThroughput() / k.getGpus(), 1),
                    round(k.getUsdPerMillionTokens(), 4), k.getBottleneck(), advice.ranked().size(), advice.candidates(),
                    r.rank() == 1 && advice.noneMeets() != null ? MISSES_TARGETS : null, reasons(r))));
        }
        if (rows.isEmpty()) {
            rows.add(failed(c, advice.candidates(), "no viable candidate (" + advice.rejected().size() + " rejected)"));
        }
        return rows;
    }

    /**
     * What the rules said of a kept row, largest effect first ("penalty -40: TP=4 all-reduces over
     * PCIe ... | note: each token reads the weights ..."): why it ranks where it does. The objective's
     * own parts are left to the score column.
     */
    static String reasons(Recommendation r) {
        StringBuilder out = new StringBuilder();
        for (Finding f : r.reasons()) {
            if (f.severity() != Finding.Severity.OBJECTIVE) {
                String points = AdviceText.points(f);
                out.append(out.isEmpty() ? "" : " | ").append(f.severity().label()).append(points.isEmpty() ? "" : " " + points)
                        .append(": ").append(f.message());
            }
        }
        return out.toString();
    }

    /** The one row of a case that could not be evaluated (no candidates at all, or none viable). */
    static List<Object> failed(Sweep.Case c, int candidates, String note) {
        List<Object> empty = new ArrayList<>(Arrays.asList(new Object[19]));
        empty.set(17, 0);
        empty.set(18, candidates);
        empty.add(note);
        empty.add(null);
        return row(c, 0, 1, empty);
    }

    private static List<Object> row(Sweep.Case c, int rank, int of, List<Object> rest) {
        Workload w = c.scenario().workload();
        List<Object> row = new ArrayList<>(List.of(c.key(), w.model(), w.kind().id(), w.contextTokens(), w.inputTokens(),
                w.outputTokens(), w.users(), rank, of));
        row.addAll(rest);
        return row;
    }
}
