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
 * The scenario's objective as points (0..100), recorded as Findings so every point of a score
 * traces to a line a reader can check. Relative parts compare a candidate with the best viable one.
 * <ul>
 *   <li>chat, agent: SLA 40 (TTFT 20, TPOT 20, partial credit target/actual), speed 20
 *       (best TPOT / TPOT), cost 40 (cheapest $/M tokens / this one's)</li>
 *   <li>RAG: TTFT 40 (target/actual), speed 20 (best TTFT / TTFT), cost 40</li>
 *   <li>offline: throughput per dollar 100 (this / best); unpriced: throughput per GPU</li>
 * </ul>
 */
final class Objective {
    static final String RULE = "Scenario objective";
    static final String FAMILY = "objective";

    private Objective() {}

    /** The best values among viable candidates, against which the relative parts are measured. */
    record Best(double tpotMs, double ttftMs, double usdPerMillion, double tokensPerUsd, double tokensPerGpu) {
        static Best of(List<Candidate> viable) {
            double tpot = Double.MAX_VALUE, ttft = Double.MAX_VALUE, usd = Double.MAX_VALUE, perUsd = 0, perGpu = 0;
            for (Candidate c : viable) {
                tpot = Math.min(tpot, c.getTpotMs());
                ttft = Math.min(ttft, c.getTtftMs());
                if (c.isPriced()) {
                    usd = Math.min(usd, c.getUsdPerMillionTokens());
                    perUsd = Math.max(perUsd, 1 / c.getUsdPerMillionTokens());
                }
                perGpu = Math.max(perGpu, c.getThroughput() / c.getGpus());
            }
            return new Best(tpot, ttft, usd, perUsd, perGpu);
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

    private static final Part TTFT_TARGET = new Part((c, t, b) -> 20 * Math.min(1, t.ttftMs() / c.getTtftMs()),
            "TTFT %.0f ms against a %.0f ms target", (c, t, b) -> new Object[] {c.getTtftMs(), t.ttftMs()});
    private static final Part TPOT_TARGET = new Part((c, t, b) -> 20 * Math.min(1, t.tpotMs() / c.getTpotMs()),
            "TPOT %.1f ms against a %.0f ms target (%.1f tokens/s per user)",
            (c, t, b) -> new Object[] {c.getTpotMs(), t.tpotMs(), c.getPerSequenceTokensPerS()});
    private static final Part TPOT_SPEED = new Part((c, t, b) -> 20 * b.tpotMs() / c.getTpotMs(),
            "TPOT %.0f %% as fast as the fastest candidate (%.1f ms)", (c, t, b) -> new Object[] {100 * b.tpotMs() / c.getTpotMs(), b.tpotMs()});
    private static final Part RAG_TTFT_TARGET = new Part((c, t, b) -> 40 * Math.min(1, t.ttftMs() / c.getTtftMs()),
            TTFT_TARGET.sentence(), TTFT_TARGET.numbers());
    private static final Part TTFT_SPEED = new Part((c, t, b) -> 20 * b.ttftMs() / c.getTtftMs(),
            "TTFT %.0f %% as fast as the fastest candidate (%.0f ms)", (c, t, b) -> new Object[] {100 * b.ttftMs() / c.getTtftMs(), b.ttftMs()});
    private static final Part COST = new Part((c, t, b) -> 40 * (b.usdPerMillion() / c.getUsdPerMillionTokens()),
            "$%.3f per million output tokens, %.0f %% of the cheapest's efficiency",
            (c, t, b) -> new Object[] {c.getUsdPerMillionTokens(), b.usdPerMillion() / c.getUsdPerMillionTokens() * 100});
    private static final Part NO_PRICE = new Part((c, t, b) -> 0.0, "no price known for %s: no cost points", (c, t, b) -> new Object[] {c.getGpuName()});
    private static final Part THROUGHPUT_PER_DOLLAR = new Part((c, t, b) -> 100 * ((1 / c.getUsdPerMillionTokens()) / b.tokensPerUsd()),
            "throughput per dollar %.0f %% of the best ($%.3f per million tokens at %.0f tokens/s)",
            (c, t, b) -> new Object[] {(1 / c.getUsdPerMillionTokens()) / b.tokensPerUsd() * 100, c.getUsdPerMillionTokens(), c.getThroughput()});
    private static final Part THROUGHPUT_PER_GPU = new Part((c, t, b) -> 60 * (c.getThroughput() / c.getGpus() / b.tokensPerGpu()),
            "no price known: scored on throughput per GPU, %.0f %% of the best (%.0f tokens/s per GPU), capped at 60",
            (c, t, b) -> new Object[] {c.getThroughput() / c.getGpus() / b.tokensPerGpu() * 100, c.getThroughput() / c.getGpus()});

    /** The parts that score {@code c} in a scenario of kind {@code w.kind()}: constant lists, nothing built per candidate. */
    static List<Part> parts(Candidate c, Workload w, Best best) {
        if (w.kind() == ScenarioKind.OFFLINE) {
            return c.isPriced() && best.tokensPerUsd() > 0 ? OFFLINE_PRICED : OFFLINE_UNPRICED;
        }
        boolean priced = c.isPriced() && best.usdPerMillion() < Double.MAX_VALUE;
        if (w.kind() == ScenarioKind.RAG) {
            return priced ? RAG_PRICED : RAG_UNPRICED;
        }
        return priced ? CHAT_PRICED : CHAT_UNPRICED;
    }

    private static final List<Part> OFFLINE_PRICED = List.of(THROUGHPUT_PER_DOLLAR);
    private static final List<Part> OFFLINE_UNPRICED = List.of(THROUGHPUT_PER_GPU);
    private static final List<Part> RAG_PRICED = List.of(RAG_TTFT_TARGET, TTFT_SPEED, COST);
    private static final List<Part> RAG_UNPRICED = List.of(RAG_TTFT_TARGET, TTFT_SPEED, NO_PRICE);
    private static final List<Part> CHAT_PRICED = List.of(TTFT_TARGET, TPOT_TARGET, TPOT_SPEED, COST);
    private static final List<Part> CHAT_UNPRICED = List.of(TTFT_TARGET, TPOT_TARGET, TPOT_SPEED, NO_PRICE);

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
