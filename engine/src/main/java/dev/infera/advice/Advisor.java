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
import dev.infera.workload.Thresholds;
import dev.infera.workload.Scenario;
import org.kie.api.event.rule.AgendaEventListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
        // Findings by candidate id, in the order the rules reported them. Ids are the candidates'
        // indices as the generator numbers them, so an array indexed by id does (a finding about an
        // id no candidate has is ignored, as before).
        int maxId = -1;
        for (Candidate c : candidates) {
            maxId = Math.max(maxId, c.getId());
        }
        List<List<Finding>> byCandidate = new ArrayList<>(Collections.nCopies(maxId + 1, (List<Finding>) null));
        List<Finding> scenarioLevel = new ArrayList<>();
        for (Finding f : findings.all()) {
            if (f.isScenarioLevel()) {
                scenarioLevel.add(f);
            } else if (f.candidateId() >= 0 && f.candidateId() <= maxId) {
                List<Finding> own = byCandidate.get(f.candidateId());
                if (own == null) {
                    byCandidate.set(f.candidateId(), own = new ArrayList<>(4));
                }
                own.add(f);
            }
        }
        // The rule run has checked that the table chose a row: it stops without one.
        Thresholds thresholds = findings.thresholds();
        List<Candidate> viable = new ArrayList<>(candidates.size());
        List<Rejection> rejected = new ArrayList<>();
        for (Candidate c : candidates) {
            List<Finding> own = c.getId() >= 0 ? byCandidate.get(c.getId()) : null;
            if (own == null || !rejects(own)) {
                viable.add(c);
            } else {
                rejected.add(new Rejection(c, own));
            }
        }
        Objective.Best best = Objective.Best.of(viable);
        List<Recommendation> scored = new ArrayList<>(viable.size());
        for (Candidate c : viable) {
            List<Finding> own = c.getId() >= 0 && byCandidate.get(c.getId()) != null ? byCandidate.get(c.getId()) : List.of();
            List<Objective.Part> parts = Objective.parts(c, scenario.workload(), best);
            // The score adds the same points the findings will show, in the order they list them.
            CompensatedSum score = new CompensatedSum();
            for (Objective.Part part : parts) {
                score.add(part.points().of(c, thresholds, best));
            }
            for (Finding f : own) {
                score.add(f.points());
            }
            scored.add(new Recommendation(0, c, score.total(), new Objective.CandidateFindings(c, thresholds, best, parts, own)));
        }
        // Highest score first, then fewer GPUs, then the lower id.
        scored.sort((a, b) -> {
            int byScore = Double.compare(b.score(), a.score());
            if (byScore != 0) {
                return byScore;
            }
            int byGpus = Integer.compare(a.candidate().getGpus(), b.candidate().getGpus());
            return byGpus != 0 ? byGpus : Integer.compare(a.candidate().getId(), b.candidate().getId());
        });
        List<Recommendation> ranked = new ArrayList<>(scored.size());
        for (int i = 0; i < scored.size(); i++) {
            Recommendation r = scored.get(i);
            ranked.add(new Recommendation(i + 1, r.candidate(), r.score(), r.findings()));
        }
        return new Advice(scenario, ranked, rejected, scenarioLevel, candidates.size(), catalog.fingerprint(), rules.fingerprint());
    }

    private static boolean rejects(List<Finding> own) {
        for (Finding f : own) {
            if (f.severity() == Finding.Severity.REJECT) {
                return true;
            }
        }
        return false;
    }
}
