package dev.infera.advice;

import dev.infera.plan.Candidate;
import dev.infera.text.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Viable candidates in rank order: highest score as shown (0-100, to one decimal), then the robust one
 * (targets met even at the error band's pessimistic end), then fewer GPUs,
 * lower $/hour, lower power, the unclamped score, then the lower id. The order is
 * found only as far as it is read: a sweep reads its top few rows, which takes one pass over the
 * scores per row instead of sorting every candidate; reading past the top few sorts the rest.
 */
final class RankOrder {
    /** A viable candidate with its score and the objective's parts of it, before it has a rank. */
    record Scored(Candidate candidate, double rawScore, int gpus, List<Objective.Part> parts) {
        /** The score on the 0-100 scale: rules' points may push the sum past either end. */
        double score() {
            return Math.max(0, Math.min(100, rawScore));
        }

        /** The score as a reader sees it, one decimal: candidates equal here are tied. */
        long shownScore() {
            return Math.round(score() * 10);
        }
    }

    /**
     * Ties on the shown score break first by robustness (the candidate that meets its latency targets even at the
     * pessimistic end of its error band goes before one that meets them only if the estimate is not pessimistic),
     * then by fewer GPUs, lower $/hour, lower power (unknowns last).
     */
    static final Comparator<Scored> ORDER = Comparator.comparingLong(Scored::shownScore).reversed()
            .thenComparing(s -> !s.candidate().isMeetsLatencyTargetsAtPessimisticEnd())
            .thenComparingInt(Scored::gpus)
            .thenComparingDouble(s -> orLast(s.candidate().getUsdPerHour()))
            .thenComparingDouble(s -> orLast(s.candidate().getPowerW()))
            .thenComparing(Comparator.comparingDouble(Scored::rawScore).reversed())
            .thenComparingInt(s -> s.candidate().getId());

    private static double orLast(double value) {
        return Double.isNaN(value) ? Double.MAX_VALUE : value;
    }

    /** What decided between two neighbours in the order when their shown scores tie; null when the score did. */
    static String tieBreak(Recommendation first, Recommendation second) {
        if (Math.round(first.score() * 10) != Math.round(second.score() * 10)) {
            return null;
        }
        Candidate x = first.candidate();
        Candidate y = second.candidate();
        if (x.isMeetsLatencyTargetsAtPessimisticEnd() != y.isMeetsLatencyTargetsAtPessimisticEnd()) {
            return String.format(java.util.Locale.ROOT, "robustness (it meets the targets even at the error band's pessimistic end, TPOT %.1f ms "
                    + "and TTFT %.0f ms against %.0f and %.0f ms; the other only if the estimate is not pessimistic)",
                    x.getTpotMsPessimistic(), x.getTtftMsPessimistic(), x.getThresholds().tpotMs(), x.getThresholds().ttftMs());
        }
        if (x.getGpus() != y.getGpus()) {
            return "fewer GPUs (" + x.getGpus() + " against " + y.getGpus() + ")";
        }
        if (orLast(x.getUsdPerHour()) != orLast(y.getUsdPerHour())) {
            return "lower cost per hour";
        }
        if (orLast(x.getPowerW()) != orLast(y.getPowerW())) {
            return "lower power";
        }
        return first.clamped()
                ? "its points beyond the 0-100 scale (" + Numbers.score(first.pointsSum()) + " against " + Numbers.score(second.pointsSum()) + ")"
                : "the unrounded score";
    }

    /** Rows before this index are found by selection, one pass each; reading past it sorts the rest. */
    private static final int SELECTED_ROWS = 8;

    private final Scored[] scored;
    /** scored[0, ordered) are in their final order. */
    private int ordered;

    RankOrder(Scored[] scored) {
        this.scored = scored;
    }

    int size() {
        return scored.length;
    }

    /** The candidate ranked {@code index + 1}. */
    synchronized Scored at(int index) {
        orderThrough(index);
        return scored[index];
    }

    /** The first {@code n} candidates in rank order (all of them if there are fewer). */
    synchronized List<Candidate> top(int n) {
        List<Candidate> top = new ArrayList<>(Math.min(n, scored.length));
        for (int i = 0; i < Math.min(n, scored.length); i++) {
            top.add(at(i).candidate());
        }
        return top;
    }

    private void orderThrough(int index) {
        if (index < ordered) {
            return;
        }
        if (index >= SELECTED_ROWS) {
            // ORDER is total (ids are unique), so sorting the rest gives what one full sort would.
            Arrays.sort(scored, ordered, scored.length, ORDER);
            ordered = scored.length;
            return;
        }
        for (; ordered <= index; ordered++) {
            int best = ordered;
            for (int j = ordered + 1; j < scored.length; j++) {
                if (ORDER.compare(scored[j], scored[best]) < 0) {
                    best = j;
                }
            }
            Scored first = scored[best];
            scored[best] = scored[ordered];
            scored[ordered] = first;
        }
    }
}
