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
import java.util.function.Consumer;

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

    /**
     * How many ranked rows a reader will see: the rules explain (notes, warnings) those candidates
     * only. Every candidate is judged (rejected or scored) whatever this says.
     */
    public record Shown(int rows) {
        /** Every candidate, ranked or rejected, as a single advice lists them (text, JSON, reports, rule tests). */
        public static final Shown ALL = new Shown(Integer.MAX_VALUE);

        public boolean all() {
            return rows == Integer.MAX_VALUE;
        }
    }

    /** Advice on {@code scenario} with every candidate explained. */
    public Advice advise(Scenario scenario) {
        return advise(scenario, Shown.ALL, null);
    }

    /** As {@link #advise(Scenario)}, with {@code listener} (may be null) told of every rule firing. */
    public Advice advise(Scenario scenario, AgendaEventListener listener) {
        return advise(scenario, Shown.ALL, listener);
    }

    /** Advice whose first {@code shown.rows()} ranked candidates are explained: what a sweep keeps. */
    public Advice advise(Scenario scenario, Shown shown) {
        return advise(scenario, shown, null);
    }

    private Advice advise(Scenario scenario, Shown shown, AgendaEventListener listener) {
        List<Candidate> candidates = generator.generate(scenario);
        if (candidates.isEmpty()) {
            throw new BadInputException("no candidate configurations for this scenario: widen --gpus, --engines, --formats or --max-gpus");
        }
        try (RuleRun run = RuleRun.judge(rules, scenario, candidates, shown.all(), listener)) {
            // Shown from the start, every candidate is explained as it is judged; otherwise the
            // ranking picks the rows and the run explains those before the advice is assembled.
            return rank(scenario, candidates, run.findings(), shown.all() ? 0 : shown.rows(), run::explain);
        }
    }

    /** Ranks candidates given the rules' findings; public so that sweeps can reuse one generation. */
    public Advice rank(Scenario scenario, List<Candidate> candidates, Findings findings) {
        return rank(scenario, candidates, findings, 0, top -> {});
    }

    /**
     * Ranks, then has {@code explain} add the findings that explain the first {@code explainRows}
     * ranked candidates (they come after the findings that judged them).
     */
    private Advice rank(Scenario scenario, List<Candidate> candidates, Findings findings, int explainRows, Consumer<List<Candidate>> explain) {
        // Findings by candidate id, in the order the rules reported them. Ids are the candidates'
        // indices as the generator numbers them, so an array indexed by id does (a finding about an
        // id no candidate has is ignored, as before).
        int maxId = -1;
        for (Candidate c : candidates) {
            maxId = Math.max(maxId, c.getId());
        }
        List<List<Finding>> byCandidate = new ArrayList<>(Collections.nCopies(maxId + 1, (List<Finding>) null));
        List<Finding> scenarioLevel = new ArrayList<>();
        int grouped = group(findings.all(), 0, byCandidate, scenarioLevel);
        // The rule run has checked that the table chose a row: it stops without one.
        Thresholds thresholds = findings.thresholds();
        List<Candidate> viable = new ArrayList<>(candidates.size());
        List<Rejection> rejected = new ArrayList<>();
        for (Candidate c : candidates) {
            List<Finding> own = own(byCandidate, c);
            if (!rejects(own)) {
                viable.add(c);
            } else {
                rejected.add(new Rejection(c, own));
            }
        }
        Objective.Best best = Objective.Best.of(viable);
        List<Scored> scored = new ArrayList<>(viable.size());
        for (Candidate c : viable) {
            List<Objective.Part> parts = Objective.parts(c, scenario.workload(), best);
            // The score adds the same points the findings will show, in the order they list them.
            CompensatedSum score = new CompensatedSum();
            for (Objective.Part part : parts) {
                score.add(part.points().of(c, thresholds, best));
            }
            for (Finding f : own(byCandidate, c)) {
                score.add(f.points());
            }
            scored.add(new Scored(c, score.total(), parts));
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
        if (explainRows > 0 && !scored.isEmpty()) {
            explain.accept(scored.subList(0, Math.min(explainRows, scored.size())).stream().map(Scored::candidate).toList());
            group(findings.all(), grouped, byCandidate, scenarioLevel);
        }
        List<Recommendation> ranked = new ArrayList<>(scored.size());
        for (Scored s : scored) {
            Candidate c = s.candidate();
            ranked.add(new Recommendation(ranked.size() + 1, c, s.score(),
                    new Objective.CandidateFindings(c, thresholds, best, s.parts(), own(byCandidate, c))));
        }
        return new Advice(scenario, ranked, rejected, scenarioLevel, candidates.size(), catalog.fingerprint(), rules.fingerprint());
    }

    /** A viable candidate with its score and the objective's parts of it, before it has a rank. */
    private record Scored(Candidate candidate, double score, List<Objective.Part> parts) {}

    /** Sorts findings from index {@code from} on into per-candidate lists and the scenario's; returns how many there were. */
    private static int group(List<Finding> all, int from, List<List<Finding>> byCandidate, List<Finding> scenarioLevel) {
        for (Finding f : all.subList(from, all.size())) {
            if (f.isScenarioLevel()) {
                scenarioLevel.add(f);
            } else if (f.candidateId() >= 0 && f.candidateId() < byCandidate.size()) {
                List<Finding> own = byCandidate.get(f.candidateId());
                if (own == null) {
                    byCandidate.set(f.candidateId(), own = new ArrayList<>(4));
                }
                own.add(f);
            }
        }
        return all.size();
    }

    private static List<Finding> own(List<List<Finding>> byCandidate, Candidate c) {
        List<Finding> own = c.getId() >= 0 ? byCandidate.get(c.getId()) : null;
        return own != null ? own : List.of();
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
