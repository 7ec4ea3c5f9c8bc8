package dev.infera.advice;

import dev.infera.plan.Candidate;
import dev.infera.rules.Finding;

import java.util.List;

/**
 * A ranked, viable candidate: its score is the sum of its findings' points on the 0-100 scale (a sum
 * beyond either end is shown at that end, and {@link #pointsSum()} says what the findings added to).
 */
public record Recommendation(int rank, Candidate candidate, double score, List<Finding> findings) {

    /** What the findings' points add to before the 0-100 clamp. */
    public double pointsSum() {
        CompensatedSum sum = new CompensatedSum();
        findings.forEach(f -> sum.add(f.points()));
        return sum.total();
    }

    /** Whether the findings added to more than 100 or less than 0, so the shown score is the scale's end. */
    public boolean clamped() {
        double sum = pointsSum();
        return sum > 100 || sum < 0;
    }

    /** The findings that moved the score, largest first; notes and warnings after. */
    public List<Finding> reasons() {
        return findings.stream()
                .sorted((a, b) -> Double.compare(Math.abs(b.points()), Math.abs(a.points())))
                .toList();
    }
}
