package dev.infera.advice;

import dev.infera.plan.Candidate;
import dev.infera.rules.Finding;

import java.util.List;

/** A candidate a rule ruled out: every finding about it, the rejecting ones first among {@link #reasons()}. */
public record Rejection(Candidate candidate, List<Finding> findings) {
    /** The findings that rejected it. */
    public List<Finding> reasons() {
        return findings.stream().filter(f -> f.severity() == Finding.Severity.REJECT).toList();
    }
}
