package dev.infera.advice;

import dev.infera.plan.Candidate;
import dev.infera.rules.Finding;

import java.util.List;

/** A ranked, viable candidate: its score is the sum of its findings' points. */
public record Recommendation(int rank, Candidate candidate, double score, List<Finding> findings) {

    /** The findings that moved the score, largest first; notes and warnings after. */
    public List<Finding> reasons() {
        return findings.stream()
                .sorted((a, b) -> Double.compare(Math.abs(b.points()), Math.abs(a.points())))
                .toList();
    }
}
