package dev.infera.advice;

import dev.infera.rules.Finding;
import dev.infera.plan.Candidate;
import dev.infera.workload.Scenario;
import dev.infera.workload.Workload;
import dev.infera.workload.Thresholds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answer to one scenario: ranked recommendations, rejections with reasons, scenario-level notes, and the thresholds (SLA targets, limits) they were judged by. */
public record Advice(
        Scenario scenario,
        Thresholds thresholds,
        List<Recommendation> ranked,
        List<Rejection> rejected,
        List<Finding> scenarioFindings,
        int candidates,
        String catalogFingerprint,
        String rulesFingerprint) {

    public Recommendation winner() {
        return ranked.isEmpty() ? null : ranked.get(0);
    }

    /** What broke a tie between two shown entries with the same score (robustness, fewer GPUs, lower $/hour, lower power), or null. */
    public static String tieBreak(Recommendation first, Recommendation second) {
        return RankOrder.tieBreak(first, second);
    }

    /**
     * The plain sentence when even the best candidate misses the scenario's latency targets, or null:
     * a ranking is then the closest, not an answer, and the reader must be told before the table.
     */
    public String noneMeets() {
        Recommendation best = winner();
        if (best == null || best.candidate().isMeetsLatencyTargets()) {
            return null;
        }
        Candidate c = best.candidate();
        Workload w = scenario.workload();
        String load = w.concurrencyFromRate() ? w.requestsPerS() + " requests/s" : w.users() + (w.users() == 1 ? " user" : " users");
        // Only the targets the scenario has: a row may say none for one of them.
        List<String> targets = new java.util.ArrayList<>();
        thresholds.ttftTargetMs().ifPresent(ms -> targets.add(String.format("TTFT %.0f ms", ms) + at(thresholds.ttftPercentile())));
        thresholds.tpotTargetMs().ifPresent(ms -> targets.add(String.format("TPOT %.0f ms", ms) + at(thresholds.tpotPercentile())));
        // The quantity each target names, as the rules judged it: the simulated percentile where simulated, else the closed-form mean.
        return String.format("No configuration in this pool meets %s at %s; closest: %s (TTFT %.0f ms%s, TPOT %.1f ms%s). What would: more or faster GPUs, a lower-bit format (--min-quality), or a shorter prompt.",
                String.join(" and ", targets), load, ArchitectureLabel.of(c), c.getTtftMsJudged(), c.getTtftStatistic(),
                c.getTpotMsJudged(), c.getTpotStatistic());
    }

    /** " at p99" for a percentile target, "" for a mean. */
    private static String at(Integer percentile) {
        return percentile == null ? "" : " at p" + percentile;
    }

    public Recommendation runnerUp() {
        return ranked.size() < 2 ? null : ranked.get(1);
    }

    /** Rejected candidates grouped by the rule that rejected them: rule -> (count, first example). */
    public Map<String, List<Rejection>> rejectedByRule() {
        Map<String, List<Rejection>> byRule = new LinkedHashMap<>();
        for (Rejection rejection : rejected) {
            String rule = rejection.reasons().get(0).rule();
            byRule.computeIfAbsent(rule, k -> new java.util.ArrayList<>()).add(rejection);
        }
        return byRule;
    }
}
