package dev.infera.workload;

import dev.infera.BadInputException;
import dev.infera.catalog.Quality;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The scenario's tunable thresholds, inserted by the decision table (rules/thresholds.drl.csv)
 * for the workload's kind. An explicit SLA target in the workload wins over the table's default.
 *
 * @param ttftTargetMs      time to first token the scenario must meet; empty when it has none (the table's {@code none})
 * @param tpotTargetMs      time per output token it must meet; empty when it has none
 * @param batchCap          most concurrent sequences per replica before latency suffers
 * @param maxCommShare      share of a decode step all-reduces may take before TP stops paying
 * @param minHeadroom       free memory a deployment should keep (fragmentation, spikes)
 * @param minHeadroomWorkstation the same on a workstation or lab machine, whose owner is its whole load (no bursts to absorb)
 * @param longPromptTokens  prompts longer than this are long: prefill, not decode, dominates a request (the seed's 10k)
 * @param longSequenceTokens sequences (prompt + output) longer than this are long for the KV cache
 * @param promptTokens      the scenario's prompt, judged against {@code longPromptTokens}
 * @param sequenceTokens    the scenario's prompt + output, judged against {@code longSequenceTokens}
 * @param minQuality        the lowest weight-format quality class a datacenter deployment accepts (the workload's own wins)
 * @param minQualityWorkstation the same on a workstation or lab machine, where the owner trades quality for memory
 * @param throughputTolerance share by which throughput may fall short of a stated need and be flagged
 *                          "meets within model error" instead of rejected (the estimate's held-out median error)
 * @param ttftPercentile    the percentile of a simulated rate the TTFT target is judged on (50, 90, 99), null for the mean:
 *                          the workload's own target says its statistic, else the table's
 * @param tpotPercentile    the same for TPOT
 * @param prefix            the prompt prefix that repeats across requests: the workload's own (prefixTokens, prefixHit), else the
 *                          table's share of the prompt and hit rate for the kind
 * @param points            the scenario objective's points for this kind (advice.Objective scores with them)
 */
public record Thresholds(String kind, OptionalDouble ttftTargetMs, OptionalDouble tpotTargetMs, int batchCap, double maxCommShare, double minHeadroom,
                         double minHeadroomWorkstation, int longPromptTokens, int longSequenceTokens, int promptTokens, int sequenceTokens,
                         Quality minQuality, Quality minQualityWorkstation, double throughputTolerance,
                         Integer ttftPercentile, Integer tpotPercentile, PrefixReuse prefix, Points points) {

    /**
     * The 0-100 objective's points for a scenario kind, a decision-table principle each (rules/README, "How a
     * score is made"): TTFT + TPOT + speed + cost = 100; {@code unpricedCost} replaces {@code cost} where no
     * candidate of the pool has a price, and is at most it.
     */
    public record Points(double ttft, double tpot, double speed, double cost, double unpricedCost) {
        /** The table's row is a 0-100 scale: its parts sum to 100, and a GPU count never earns more than a price would. */
        static Points of(double ttft, double tpot, double speed, double cost, double unpricedCost) {
            double sum = ttft + tpot + speed + cost;
            if (Math.abs(sum - 100) > 1e-9) {
                throw new BadInputException("thresholds table: the objective's points (TTFT " + ttft + " + TPOT " + tpot + " + speed " + speed
                        + " + cost " + cost + ") must sum to 100, got " + sum);
            }
            if (unpricedCost > cost) {
                throw new BadInputException("thresholds table: the cost points where nothing is priced (" + unpricedCost
                        + ") must be at most the cost points (" + cost + ")");
            }
            return new Points(ttft, tpot, speed, cost, unpricedCost);
        }
    }

    /** The word a table cell holds for "no target". */
    public static final String NO_TARGET = "none";

    /**
     * One cell of a thresholds row, in {@link #of}'s argument order after the workload: what it holds and its
     * check. The rule compiler runs the same checks on every row (rules.DecisionTables), so a cell out of range
     * is {@code thresholds.drl.csv:ROW: message} before any scenario runs, not an error half-way through advice.
     */
    public record Cell(String what, Function<String, Object> check) {
        /** The cell's value; a BadInputException naming the cell when it is out of range. */
        public Object read(String text) {
            return check.apply(text.trim());
        }
    }

    /** The thresholds table's cells, in {@link #of}'s argument order (after the workload). */
    public static final List<Cell> CELLS = List.of(
            new Cell("TTFT target ms", s -> targetMs("TTFT", s)),
            new Cell("TPOT target ms", s -> targetMs("TPOT", s)),
            new Cell("batch cap per replica", s -> atLeastOne("batch cap per replica", s)),
            new Cell("max all-reduce share of a decode step", s -> shareUpToAll("all-reduce share of a decode step", number("all-reduce share of a decode step", s))),
            new Cell("min free memory share in a datacenter", s -> share("free memory share in a datacenter", number("free memory share in a datacenter", s))),
            new Cell("min free memory share on a workstation", s -> share("free memory share on a workstation", number("free memory share on a workstation", s))),
            new Cell("long prompt above (tokens)", s -> atLeastOne("long prompt threshold", s)),
            new Cell("long sequence above (tokens)", s -> atLeastOne("long sequence threshold", s)),
            new Cell("lowest weight quality in a datacenter", Quality::of),
            new Cell("lowest weight quality on a workstation", Quality::of),
            new Cell("throughput tolerance", s -> share("throughput tolerance", number("throughput tolerance", s))),
            new Cell("TTFT statistic", s -> percentile("TTFT", s)),
            new Cell("TPOT statistic", s -> percentile("TPOT", s)),
            new Cell("repeated prefix share of the prompt", s -> prefixShare("repeated prefix's share of the prompt", number("repeated prefix's share of the prompt", s))),
            new Cell("prefix hit rate", s -> prefixShare("prefix hit rate", number("prefix hit rate", s))),
            new Cell("TTFT points", s -> points("TTFT points", s)),
            new Cell("TPOT points", s -> points("TPOT points", s)),
            new Cell("speed points", s -> points("speed points", s)),
            new Cell("cost points", s -> points("cost points", s)),
            new Cell("cost points where nothing is priced", s -> points("cost points where nothing is priced", s)));

    /** The points cells of a row, read by {@link #CELLS}, checked together: they sum to 100. */
    public static void checkPoints(List<Object> cells) {
        int first = CELLS.size() - 5;
        Points.of((Double) cells.get(first), (Double) cells.get(first + 1), (Double) cells.get(first + 2), (Double) cells.get(first + 3),
                (Double) cells.get(first + 4));
    }

    private static double points(String what, String cell) {
        double points = number(what, cell);
        if (!(points >= 0 && points <= 100)) {
            throw new BadInputException("thresholds table: the " + what + " must be between 0 and 100, got " + cell);
        }
        return points;
    }

    /** The table's row for {@code w}, with the workload's own targets taking precedence. */
    public static Thresholds of(Workload w, String ttftMs, String tpotMs, int batchCap, double maxCommShare, double minHeadroom,
                                double minHeadroomWorkstation, int longPromptTokens, int longSequenceTokens, String minQuality, String minQualityWorkstation,
                                double throughputTolerance, String ttftStatistic, String tpotStatistic,
                                double prefixShare, double prefixHit, double ttftPoints, double tpotPoints, double speedPoints, double costPoints, double unpricedCostPoints) {
        share("free memory share in a datacenter", minHeadroom);
        share("free memory share on a workstation", minHeadroomWorkstation);
        return new Thresholds(w.kind().id(),
                w.ttftTargetMs() != null ? OptionalDouble.of(w.ttftTargetMs()) : targetMs("TTFT", ttftMs),
                w.tpotTargetMs() != null ? OptionalDouble.of(w.tpotTargetMs()) : targetMs("TPOT", tpotMs),
                batchCap, maxCommShare, minHeadroom, minHeadroomWorkstation, longPromptTokens, longSequenceTokens, w.inputTokens(), w.contextTokens(),
                w.minQuality() != null ? w.minQuality() : Quality.of(minQuality),
                w.minQuality() != null ? w.minQuality() : Quality.of(minQualityWorkstation), throughputTolerance,
                w.ttftTargetMs() != null ? w.ttftPercentile() : percentile("TTFT", ttftStatistic),
                w.tpotTargetMs() != null ? w.tpotPercentile() : percentile("TPOT", tpotStatistic),
                prefix(w, prefixShare, prefixHit), Points.of(ttftPoints, tpotPoints, speedPoints, costPoints, unpricedCostPoints));
    }

    /**
     * The workload's stated prefix (hit rate 1 unless stated), else the kind's default: floor(share x prompt) tokens at the
     * table's hit rate (a stated hit rate alone applies to the default prefix).
     */
    static PrefixReuse prefix(Workload w, double share, double hit) {
        prefixShare("repeated prefix's share of the prompt", share);
        prefixShare("prefix hit rate", hit);
        if (w.prefixTokens() != null) {
            return w.statedPrefix();
        }
        return new PrefixReuse((int) Math.floor(share * w.inputTokens()), w.prefixHit() != null ? w.prefixHit() : hit);
    }

    /** A share that may be none or all: 0 to 1. */
    private static double prefixShare(String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new BadInputException("thresholds table: the " + what + " must be between 0 and 1, got " + value);
        }
        return value;
    }

    /** A target cell: a positive number of milliseconds, or {@code none} for no target (offline jobs judge throughput only). */
    static OptionalDouble targetMs(String what, String cell) {
        String s = cell.trim();
        if (s.equalsIgnoreCase(NO_TARGET)) {
            return OptionalDouble.empty();
        }
        double ms = number(what + " target", s);
        if (!(ms > 0) || Double.isInfinite(ms)) {
            throw new BadInputException("thresholds table: the " + what + " target must be a positive number of ms, or " + NO_TARGET + " for no target, got '" + cell + "'");
        }
        return OptionalDouble.of(ms);
    }

    private static double number(String what, String cell) {
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("thresholds table: the " + what + " must be a number, got '" + cell + "'");
        }
    }

    private static int atLeastOne(String what, String cell) {
        int n;
        try {
            n = Integer.parseInt(cell.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("thresholds table: the " + what + " must be a whole number, got '" + cell + "'");
        }
        if (n < 1) {
            throw new BadInputException("thresholds table: the " + what + " must be at least 1, got " + n);
        }
        return n;
    }

    /** A share of a step that may be all of it: above 0, at most 1. */
    private static double shareUpToAll(String what, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new BadInputException("thresholds table: the " + what + " must be above 0 and at most 1, got " + value);
        }
        return value;
    }

    /** A table cell that is a share of memory: at least 0, below 1 (all of it free would hold nothing). */
    static double share(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new BadInputException("thresholds table: the " + what + " must be at least 0 and below 1, got " + value);
        }
        return value;
    }

    /** A table cell's statistic: "mean" -> null (the closed form), "p50" / "p90" / "p99" -> the percentile. */
    static Integer percentile(String what, String statistic) {
        String s = statistic.trim().toLowerCase(Locale.ROOT);
        if (s.equals("mean")) {
            return null;
        }
        if (!s.matches("p(50|90|99)")) {
            throw new BadInputException("thresholds table: the " + what + " statistic must be mean, p50, p90 or p99, got '" + statistic + "'");
        }
        return Integer.parseInt(s.substring(1));
    }

    /** The free memory share a deployment should keep where the candidate is deployed. */
    public double minHeadroom(boolean workstation) {
        return workstation ? minHeadroomWorkstation : minHeadroom;
    }

    /** The lowest weight-format quality accepted where the candidate is deployed. */
    public Quality acceptedQuality(boolean workstation) {
        return workstation ? minQualityWorkstation : minQuality;
    }

    /**
     * The bound a TTFT must stay at or under, for comparisons in rules ({@code ttftMsJudged > thresholds.ttftMs}):
     * the target, or +infinity when the scenario has none, which no finite TTFT misses. Show the target with
     * {@link #ttftTargetMs()}, never this.
     */
    public double ttftMs() { return ttftTargetMs.orElse(Double.POSITIVE_INFINITY); }
    /** The bound a TPOT must stay at or under: the target, or +infinity when there is none (see {@link #ttftMs()}). */
    public double tpotMs() { return tpotTargetMs.orElse(Double.POSITIVE_INFINITY); }
    /** Whether the scenario has both latency targets (rules that print them ask this first). */
    public boolean hasLatencyTargets() { return ttftTargetMs.isPresent() && tpotTargetMs.isPresent(); }
    public double getTtftMs() { return ttftMs(); }
    public double getTpotMs() { return tpotMs(); }
    public int getBatchCap() { return batchCap; }
    public double getMaxCommShare() { return maxCommShare; }
    public double getMinHeadroom() { return minHeadroom; }
    public String getKind() { return kind; }
    public int getLongPromptTokens() { return longPromptTokens; }
    public int getLongSequenceTokens() { return longSequenceTokens; }
    public double getThroughputTolerance() { return throughputTolerance; }
    public int getPrefixTokens() { return prefix.tokens(); }
    public double getPrefixHitRate() { return prefix.hitRate(); }

    /** Whether a target is judged on a percentile of a simulated load. */
    public boolean hasPercentileTarget() {
        return ttftPercentile != null || tpotPercentile != null;
    }

    /** The scenario's prompts are long by this table's row: prefill dominates. */
    public boolean isLongPrompt() {
        return promptTokens > longPromptTokens;
    }

    /** The scenario's sequences are long by this table's row: the KV cache dominates memory. */
    public boolean isLongSequence() {
        return sequenceTokens > longSequenceTokens;
    }
}
