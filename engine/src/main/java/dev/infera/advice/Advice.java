package dev.infera.advice;

import dev.infera.rules.Finding;
import dev.infera.workload.Scenario;
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
