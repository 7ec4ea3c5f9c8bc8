package dev.infera.advice;

import dev.infera.plan.Candidate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Viable candidates in rank order: highest score, then fewer GPUs, then the lower id. The order is
 * found only as far as it is read: a sweep reads its top few rows, which takes one pass over the
 * scores per row instead of sorting every candidate; reading past the top few sorts the rest.
 */
final class RankOrder {
    /** A viable candidate with its score and the objective's parts of it, before it has a rank. */
    record Scored(Candidate candidate, double score, int gpus, List<Objective.Part> parts) {}

    static final Comparator<Scored> ORDER = (a, b) -> {
        int byScore = Double.compare(b.score(), a.score());
        if (byScore != 0) {
            return byScore;
        }
        int byGpus = Integer.compare(a.gpus(), b.gpus());
        return byGpus != 0 ? byGpus : Integer.compare(a.candidate().getId(), b.candidate().getId());
    };

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
