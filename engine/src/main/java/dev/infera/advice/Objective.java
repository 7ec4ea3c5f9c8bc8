package dev.infera.advice;

import dev.infera.plan.Candidate;
import dev.infera.rules.Finding;
import dev.infera.workload.Thresholds;
import dev.infera.workload.ScenarioKind;
import dev.infera.workload.Workload;

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

    /** The most findings {@link #score} adds: chat and agent have four parts. */
    static final int MOST_PARTS = 4;

    /** Adds the objective's parts for {@code c} to {@code points}, one Finding each. */
    static void score(Candidate c, Workload w, Thresholds t, Best best, List<Finding> points) {
        int id = c.getId();
        if (w.kind() == ScenarioKind.OFFLINE) {
            if (c.isPriced() && best.tokensPerUsd() > 0) {
                double share = (1 / c.getUsdPerMillionTokens()) / best.tokensPerUsd();
                points.add(finding(id, 100 * share, "throughput per dollar %.0f %% of the best ($%.3f per million tokens at %.0f tokens/s)",
                        share * 100, c.getUsdPerMillionTokens(), c.getThroughput()));
            } else {
                double share = c.getThroughput() / c.getGpus() / best.tokensPerGpu();
                points.add(finding(id, 60 * share, "no price known: scored on throughput per GPU, %.0f %% of the best (%.0f tokens/s per GPU), capped at 60",
                        share * 100, c.getThroughput() / c.getGpus()));
            }
            return;
        }
        if (w.kind() == ScenarioKind.RAG) {
            double ttft = Math.min(1, t.ttftMs() / c.getTtftMs());
            points.add(finding(id, 40 * ttft, "TTFT %.0f ms against a %.0f ms target", c.getTtftMs(), t.ttftMs()));
            points.add(finding(id, 20 * best.ttftMs() / c.getTtftMs(), "TTFT %.0f %% as fast as the fastest candidate (%.0f ms)",
                    100 * best.ttftMs() / c.getTtftMs(), best.ttftMs()));
        } else {
            double ttft = Math.min(1, t.ttftMs() / c.getTtftMs());
            double tpot = Math.min(1, t.tpotMs() / c.getTpotMs());
            points.add(finding(id, 20 * ttft, "TTFT %.0f ms against a %.0f ms target", c.getTtftMs(), t.ttftMs()));
            points.add(finding(id, 20 * tpot, "TPOT %.1f ms against a %.0f ms target (%.1f tokens/s per user)",
                    c.getTpotMs(), t.tpotMs(), c.getDecodeTokensPerS()));
            points.add(finding(id, 20 * best.tpotMs() / c.getTpotMs(), "TPOT %.0f %% as fast as the fastest candidate (%.1f ms)",
                    100 * best.tpotMs() / c.getTpotMs(), best.tpotMs()));
        }
        if (c.isPriced() && best.usdPerMillion() < Double.MAX_VALUE) {
            double share = best.usdPerMillion() / c.getUsdPerMillionTokens();
            points.add(finding(id, 40 * share, "$%.3f per million output tokens, %.0f %% of the cheapest's efficiency",
                    c.getUsdPerMillionTokens(), share * 100));
        } else {
            points.add(finding(id, 0, "no price known for %s: no cost points", c.getGpuName()));
        }
    }

    private static Finding finding(int id, double points, String message, Object... args) {
        return new Finding(id, RULE, FAMILY, Finding.Severity.OBJECTIVE, points, message, args);
    }
}
