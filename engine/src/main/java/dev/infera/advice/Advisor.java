package dev.infera.advice;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Estimator;
import dev.infera.plan.Candidate;
import dev.infera.plan.CandidateGenerator;
import dev.infera.rules.Finding;
import dev.infera.rules.Findings;
import dev.infera.rules.RuleBase;
import dev.infera.rules.RuleRun;
import dev.infera.rules.Thresholds;
import dev.infera.workload.Scenario;
import org.kie.api.event.rule.AgendaEventListener;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates candidates, estimates them, runs the rules over them in one session, and ranks:
 * rejected candidates out with their reasons, the rest by objective + rule adjustments.
 * Thread-safe: the catalog and the compiled rule base are shared, each call has its own session.
 */
public final class Advisor {
    private final Catalog catalog;
    private final RuleBase rules;
    private final CandidateGenerator generator;

    public Advisor(Catalog catalog, RuleBase rules) {
        this.catalog = catalog;
        this.rules = rules;
        this.generator = new CandidateGenerator(catalog, new Estimator(catalog.assumptions()));
    }

    public Catalog catalog() {
        return catalog;
    }

    public RuleBase rules() {
        return rules;
    }

    public Advice advise(Scenario scenario) {
        return advise(scenario, null);
    }

    /** As {@link #advise(Scenario)}, with {@code listener} (may be null) told of every rule firing. */
    public Advice advise(Scenario scenario, AgendaEventListener listener) {
        List<Candidate> candidates = generator.generate(scenario);
        if (candidates.isEmpty()) {
            throw new BadInputException("no candidate configurations for this scenario: widen --gpus, --engines, --formats or --max-gpus");
        }
        return rank(scenario, candidates, RuleRun.run(rules, scenario, candidates, listener));
    }

    /** Ranks candidates given the rules' findings; public so that sweeps can reuse one generation. */
    public Advice rank(Scenario scenario, List<Candidate> candidates, Findings findings) {
        Map<Integer, List<Finding>> byCandidate = new HashMap<>();
        List<Finding> scenarioLevel = new ArrayList<>();
        Thresholds thresholds = null;
        for (Finding f : findings.all()) {
            if (f.isScenarioLevel()) {
                scenarioLevel.add(f);
            } else {
                byCandidate.computeIfAbsent(f.candidateId(), k -> new ArrayList<>()).add(f);
            }
        }
        thresholds = findings.thresholds();
        if (thresholds == null) {
            throw new BadInputException(rules.folder() + ": no rule set the thresholds for scenario kind '"
                    + scenario.workload().kind().id() + "' (thresholds table missing a row?)");
        }
        List<Candidate> viable = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (Candidate c : candidates) {
            List<Finding> own = byCandidate.getOrDefault(c.getId(), List.of());
            if (own.stream().noneMatch(f -> f.severity() == Finding.Severity.REJECT)) {
                viable.add(c);
            } else {
                rejected.add(new Rejection(c, own));
            }
        }
        Objective.Best best = Objective.Best.of(viable);
        List<Recommendation> scored = new ArrayList<>();
        for (Candidate c : viable) {
            List<Finding> all = new ArrayList<>(Objective.score(c, scenario.workload(), thresholds, best));
            all.addAll(byCandidate.getOrDefault(c.getId(), List.of()));
            double score = all.stream().mapToDouble(Finding::points).sum();
            scored.add(new Recommendation(0, c, score, all));
        }
        scored.sort(Comparator.comparingDouble(Recommendation::score).reversed()
                .thenComparingInt(r -> r.candidate().getGpus())
                .thenComparingInt(r -> r.candidate().getId()));
        List<Recommendation> ranked = new ArrayList<>(scored.size());
        for (int i = 0; i < scored.size(); i++) {
            Recommendation r = scored.get(i);
            ranked.add(new Recommendation(i + 1, r.candidate(), r.score(), r.findings()));
        }
        return new Advice(scenario, ranked, rejected, scenarioLevel, candidates.size(), catalog.fingerprint(), rules.fingerprint());
    }
}
