package dev.infera.advice;


import dev.infera.text.Numbers;

import dev.infera.plan.Candidate;
import dev.infera.rules.Finding;
import dev.infera.workload.Thresholds;
import dev.infera.workload.ScenarioKind;
import dev.infera.workload.Workload;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario's objective as points on one 0-100 scale for every kind, recorded as Findings so
 * every point of a score traces to a line a reader can check. Relative parts compare a candidate
 * with the best viable one.
 * The points of each part are the decision table's (rules/thresholds.drl.csv, Thresholds.Points), per kind:
 * <ul>
 *   <li>chat, agent: SLA 50 (TTFT 25, TPOT 25, partial credit target/actual), cost 45 (the cheapest
 *       viable $/hour for serving these users / this one's: the load is the scenario's, so idle
 *       capacity costs money and a faster TPOT sells no extra tokens), speed 5 (best TPOT / TPOT:
 *       beyond the target a faster TPOT is only a tie-breaker)</li>
 *   <li>RAG: TTFT 50 (target/actual), cost 45 ($/hour as above), speed 5 (best TTFT / TTFT)</li>
 *   <li>offline: throughput per dollar 100 (this / best): the job's tokens are fixed, so $ per token
 *       is what it costs; unpriced: throughput per GPU, capped at 60</li>
 * </ul>
 * Unpriced interactive candidates get no cost points (at most 55) where others in the pool are priced;
 * where none is, GPUs stand for cost (45 x fewest GPUs within the targets / this one's GPUs). Rules add and take points on
 * top; the ranked score is clamped to 0-100 (see RankOrder).
 */
final class Objective {
    static final String RULE = "Scenario objective";
    static final String FAMILY = "objective";

    private Objective() {}

    /** The best values among viable candidates, against which the relative parts are measured. */
    record Best(double tpotMs, double ttftMs, double usdPerMillion, double tokensPerUsd, double tokensPerGpu, double usdPerHour,
                int fewestGpus) {
        static Best of(List<Candidate> viable) {
            double tpot = Double.MAX_VALUE, ttft = Double.MAX_VALUE, usd = Double.MAX_VALUE, perUsd = 0, perGpu = 0;
            // The hourly reference is the cheapest that serves the load within the targets: a cheaper
            // fleet that misses them does not serve this load (it is the reference only when none meets them).
            double perHour = Double.MAX_VALUE, perHourMissing = Double.MAX_VALUE;
            // Where nothing has a price, GPUs stand for cost: the fewest within the targets (else the fewest at all).
            int fewest = Integer.MAX_VALUE, fewestMissing = Integer.MAX_VALUE;
            for (Candidate c : viable) {
                if (c.isMeetsLatencyTargets()) {
                    fewest = Math.min(fewest, c.getGpus());
                } else {
                    fewestMissing = Math.min(fewestMissing, c.getGpus());
                }
                tpot = Math.min(tpot, c.getTpotMs());
                ttft = Math.min(ttft, c.getTtftMs());
                if (c.isPriced()) {
                    usd = Math.min(usd, c.getUsdPerMillionTokens());
                    perUsd = Math.max(perUsd, 1 / c.getUsdPerMillionTokens());
                    if (c.isMeetsLatencyTargets()) {
                        perHour = Math.min(perHour, c.getUsdPerHour());
                    } else {
                        perHourMissing = Math.min(perHourMissing, c.getUsdPerHour());
                    }
                }
                perGpu = Math.max(perGpu, c.getThroughput() / c.getGpus());
            }
            return new Best(tpot, ttft, usd, perUsd, perGpu, perHour < Double.MAX_VALUE ? perHour : perHourMissing,
                    fewest < Integer.MAX_VALUE ? fewest : fewestMissing);
        }
    }

    /** A formula for a part's points. */
    @FunctionalInterface
    interface Points {
        double of(Candidate c, Thresholds t, Best best);
    }

    /** The numbers a part's sentence shows. */
    @FunctionalInterface
    interface Numbers {
        Object[] of(Candidate c, Thresholds t, Best best);
    }

    /** One part of the objective: its points and the sentence that shows where they come from. */
    record Part(Points points, String sentence, Numbers numbers) {
        Finding finding(Candidate c, Thresholds t, Best best) {
            return new Finding(c.getId(), RULE, FAMILY, Finding.Severity.OBJECTIVE, points.of(c, t, best), sentence, numbers.of(c, t, best));
        }
    }

    // The targets are scored on the statistic they name (a simulated percentile where one is stated), as the SLA rules judge them.
    private static final Part TTFT_TARGET = new Part((c, t, b) -> t.points().ttft() * Math.min(1, t.ttftMs() / c.getTtftMsJudged()),
            "TTFT %.0f ms%s against a %.0f ms target", (c, t, b) -> new Object[] {c.getTtftMsJudged(), c.getTtftStatistic(), t.ttftMs()});
    private static final Part TPOT_TARGET = new Part((c, t, b) -> t.points().tpot() * Math.min(1, t.tpotMs() / c.getTpotMsJudged()),
            "TPOT %.1f ms%s against a %.0f ms target (%.1f tokens/s per user)",
            (c, t, b) -> new Object[] {c.getTpotMsJudged(), c.getTpotStatistic(), t.tpotMs(), c.getPerSequenceTokensPerS()});
    private static final Part TPOT_SPEED = new Part((c, t, b) -> t.points().speed() * b.tpotMs() / c.getTpotMs(),
            "TPOT %.0f %% as fast as the fastest candidate (%.1f ms)", (c, t, b) -> new Object[] {100 * b.tpotMs() / c.getTpotMs(), b.tpotMs()});
    private static final Part TTFT_SPEED = new Part((c, t, b) -> t.points().speed() * b.ttftMs() / c.getTtftMs(),
            "TTFT %.0f %% as fast as the fastest candidate (%.0f ms)", (c, t, b) -> new Object[] {100 * b.ttftMs() / c.getTtftMs(), b.ttftMs()});
    private static final Part COST = new Part((c, t, b) -> t.points().cost() * Math.min(1, b.usdPerHour() / c.getUsdPerHour()),
            "$%.2f per hour to serve this load (%d GPU%s), %.0f %% of the cheapest within the targets ($%.2f per hour)",
            (c, t, b) -> new Object[] {c.getUsdPerHour(), c.getGpus(), c.getGpus() == 1 ? "" : "s", b.usdPerHour() / c.getUsdPerHour() * 100, b.usdPerHour()});
    private static final Part GPUS_FOR_COST = new Part((c, t, b) -> t.points().unpricedCost() * Math.min(1, (double) b.fewestGpus() / c.getGpus()),
            "no GPU in this pool has a price: GPUs stand for cost, %d against the fewest within the targets (%d)",
            (c, t, b) -> new Object[] {c.getGpus(), b.fewestGpus()});
    private static final Part NO_PRICE = new Part((c, t, b) -> 0.0, "no price known for %s: no cost points", (c, t, b) -> new Object[] {c.getGpuName()});
    private static final Part THROUGHPUT_PER_DOLLAR = new Part((c, t, b) -> t.points().cost() * ((1 / c.getUsdPerMillionTokens()) / b.tokensPerUsd()),
            "throughput per dollar %.0f %% of the best ($%.3f per million tokens at %.0f tokens/s)",
            (c, t, b) -> new Object[] {(1 / c.getUsdPerMillionTokens()) / b.tokensPerUsd() * 100, c.getUsdPerMillionTokens(), c.getThroughput()});
    private static final Part THROUGHPUT_PER_GPU = new Part((c, t, b) -> t.points().unpricedCost() * (c.getThroughput() / c.getGpus() / b.tokensPerGpu()),
            "no price known: scored on throughput per GPU, %.0f %% of the best (%.0f tokens/s per GPU), capped at %.0f",
            (c, t, b) -> new Object[] {c.getThroughput() / c.getGpus() / b.tokensPerGpu() * 100, c.getThroughput() / c.getGpus(), t.points().unpricedCost()});

    /** The parts that score {@code c} in a scenario of kind {@code w.kind()}: constant lists, nothing built per candidate. */
    static List<Part> parts(Candidate c, Workload w, Best best) {
        if (w.kind() == ScenarioKind.OFFLINE) {
            return c.isPriced() && best.tokensPerUsd() > 0 ? OFFLINE_PRICED : OFFLINE_UNPRICED;
        }
        boolean priced = c.isPriced() && best.usdPerMillion() < Double.MAX_VALUE;
        // Nothing priced in the pool: GPU count is the cost, so idle capacity still costs. Some priced: the unpriced earn no cost points.
        boolean nonePriced = best.usdPerMillion() == Double.MAX_VALUE;
        if (w.kind() == ScenarioKind.RAG) {
            return priced ? RAG_PRICED : nonePriced ? RAG_BY_GPUS : RAG_UNPRICED;
        }
        return priced ? CHAT_PRICED : nonePriced ? CHAT_BY_GPUS : CHAT_UNPRICED;
    }

    private static final List<Part> OFFLINE_PRICED = List.of(THROUGHPUT_PER_DOLLAR);
    private static final List<Part> OFFLINE_UNPRICED = List.of(THROUGHPUT_PER_GPU);
    private static final List<Part> RAG_PRICED = List.of(TTFT_TARGET, TTFT_SPEED, COST);
    private static final List<Part> RAG_UNPRICED = List.of(TTFT_TARGET, TTFT_SPEED, NO_PRICE);
    private static final List<Part> CHAT_PRICED = List.of(TTFT_TARGET, TPOT_TARGET, TPOT_SPEED, COST);
    private static final List<Part> CHAT_UNPRICED = List.of(TTFT_TARGET, TPOT_TARGET, TPOT_SPEED, NO_PRICE);
    private static final List<Part> RAG_BY_GPUS = List.of(TTFT_TARGET, TTFT_SPEED, GPUS_FOR_COST);
    private static final List<Part> CHAT_BY_GPUS = List.of(TTFT_TARGET, TPOT_TARGET, TPOT_SPEED, GPUS_FOR_COST);

    /**
     * A candidate's findings: the objective's parts, then the rules' own. Built on first read: a
     * sweep reads them only for the rows it keeps, and the score never needs them (it sums the
     * same formulas, in the same order).
     */
    static final class CandidateFindings extends AbstractList<Finding> {
        private final Candidate c;
        private final Thresholds t;
        private final Best best;
        private final List<Part> parts;
        private final List<Finding> own;
        private List<Finding> built;

        CandidateFindings(Candidate c, Thresholds t, Best best, List<Part> parts, List<Finding> own) {
            this.c = c;
            this.t = t;
            this.best = best;
            this.parts = parts;
            this.own = own;
        }

        private synchronized List<Finding> built() {
            if (built == null) {
                List<Finding> all = new ArrayList<>(parts.size() + own.size());
                for (Part part : parts) {
                    all.add(part.finding(c, t, best));
                }
                all.addAll(own);
                built = all;
            }
            return built;
        }

        @Override
        public Finding get(int index) {
            return built().get(index);
        }

        @Override
        public int size() {
            return parts.size() + own.size();
        }
    }
}
