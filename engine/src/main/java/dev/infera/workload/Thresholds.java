package dev.infera.workload;

import dev.infera.catalog.Quality;

/**
 * The scenario's tunable thresholds, inserted by the decision table (rules/thresholds.drl.csv)
 * for the workload's kind. An explicit SLA target in the workload wins over the table's default.
 *
 * @param ttftMs            time to first token the scenario must meet
 * @param tpotMs            time per output token it must meet
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
 */
public record Thresholds(String kind, double ttftMs, double tpotMs, int batchCap, double maxCommShare, double minHeadroom,
                         double minHeadroomWorkstation, int longPromptTokens, int longSequenceTokens, int promptTokens, int sequenceTokens,
                         Quality minQuality, Quality minQualityWorkstation, double throughputTolerance,
                         Integer ttftPercentile, Integer tpotPercentile, PrefixReuse prefix) {

    /** The table's row for {@code w}, with the workload's own targets taking precedence. */
    public static Thresholds of(Workload w, double ttftMs, double tpotMs, int batchCap, double maxCommShare, double minHeadroom,
                                double minHeadroomWorkstation, int longPromptTokens, int longSequenceTokens, String minQuality, String minQualityWorkstation,
                                double throughputTolerance, String ttftStatistic, String tpotStatistic, double prefixShare, double prefixHit) {
        share("free memory share in a datacenter", minHeadroom);
        share("free memory share on a workstation", minHeadroomWorkstation);
        return new Thresholds(w.kind().id(),
                w.ttftTargetMs() != null ? w.ttftTargetMs() : ttftMs,
                w.tpotTargetMs() != null ? w.tpotTargetMs() : tpotMs,
                batchCap, maxCommShare, minHeadroom, minHeadroomWorkstation, longPromptTokens, longSequenceTokens, w.inputTokens(), w.contextTokens(),
                w.minQuality() != null ? w.minQuality() : Quality.of(minQuality),
                w.minQuality() != null ? w.minQuality() : Quality.of(minQualityWorkstation), throughputTolerance,
                w.ttftTargetMs() != null ? w.ttftPercentile() : percentile("TTFT", ttftStatistic),
                w.tpotTargetMs() != null ? w.tpotPercentile() : percentile("TPOT", tpotStatistic),
                prefix(w, prefixShare, prefixHit));
    }

    /**
     * The workload's stated prefix (hit rate 1 unless stated), else the kind's default: floor(share x prompt) tokens at the
     * table's hit rate (a stated hit rate alone applies to the default prefix).
     */
    static PrefixReuse prefix(Workload w, double share, double hit) {
        if (!(share >= 0 && share <= 1) || !(hit >= 0 && hit <= 1)) {
            throw new dev.infera.BadInputException("thresholds table: the repeated prefix's share of the prompt and its hit rate must be"
                    + " between 0 and 1, got " + share + " and " + hit);
        }
        if (w.prefixTokens() != null) {
            return w.statedPrefix();
        }
        return new PrefixReuse((int) Math.floor(share * w.inputTokens()), w.prefixHit() != null ? w.prefixHit() : hit);
    }

    /** A table cell that is a share of memory: at least 0, below 1 (all of it free would hold nothing). */
    static void share(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new dev.infera.BadInputException("thresholds table: the " + what + " must be at least 0 and below 1, got " + value);
        }
    }

    /** A table cell's statistic: "mean" -> null (the closed form), "p50" / "p90" / "p99" -> the percentile. */
    static Integer percentile(String what, String statistic) {
        String s = statistic.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("mean")) {
            return null;
        }
        if (!s.matches("p(50|90|99)")) {
            throw new dev.infera.BadInputException("thresholds table: the " + what + " statistic must be mean, p50, p90 or p99, got '" + statistic + "'");
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

    public double getTtftMs() { return ttftMs; }
    public double getTpotMs() { return tpotMs; }
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
