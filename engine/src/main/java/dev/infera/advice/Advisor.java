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
        public Shown {
            if (rows < 0) {
                throw new IllegalArgumentException("rows shown must be >= 0, got " + rows);
            }
        }

        /** Every candidate, ranked or rejected, as a single advice lists them (text, JSON, reports, rule tests). */
        public static final Shown ALL = new Shown(Integer.MAX_VALUE);

        public boolean all() {
            return rows == Integer.MAX_VALUE;
        }
    }

    /** A scenario whose pool and limits leave no configuration to judge: an answer in a sweep, an error alone. */
    public static final class NoCandidatesException extends BadInputException {
        NoCandidatesException() {
            super("no candidate configurations for this scenario: widen --gpus, --engines, --formats or --max-gpus");
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
            throw new NoCandidatesException();
        }
        try (RuleRun run = RuleRun.judge(rules, scenario, candidates, shown.all(), listener)) {
            // Shown from the start, every candidate is explained as it is judged; otherwise the
            // ranking picks the rows and the run explains those before the advice is assembled.
            return rank(scenario, candidates, run.findings(), shown.all() ? 0 : shown.rows(), run::explain);
        }
    }

    /** Ranks candidates given the rules' findings, explaining none beyond what they carry; public for `infera bench`, which times the stages apart. */
    public Advice rank(Scenario scenario, List<Candidate> candidates, Findings findings) {
        return rank(scenario, candidates, findings, 0, top -> {});
    }

    /**
     * Ranks, then has {@code explain} add the findings that explain the first {@code explainRows}
     * ranked candidates (they come after the findings that judged them).
     */
    private Advice rank(Scenario scenario, List<Candidate> candidates, Findings findings, int explainRows, Consumer<List<Candidate>> explain) {
        Grouped grouped = new Grouped(candidates);
        grouped.add(findings.all());
        // The rule run has checked that the table chose a row: it stops without one.
        Thresholds thresholds = findings.thresholds();
        List<Candidate> viable = new ArrayList<>(candidates.size());
        List<Rejection> rejected = new ArrayList<>();
        for (Candidate c : candidates) {
            if (grouped.rejected(c)) {
                rejected.add(new Rejection(c, grouped.of(c)));
            } else {
                viable.add(c);
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
            List<Finding> own = grouped.of(c);
            for (int i = 0; i < own.size(); i++) {
                score.add(own.get(i).points());
            }
            scored.add(new Scored(c, score.total(), c.getGpus(), parts));
        }
        // Highest score first, then fewer GPUs, then the lower id.
        scored.sort((a, b) -> {
            int byScore = Double.compare(b.score(), a.score());
            if (byScore != 0) {
                return byScore;
            }
            int byGpus = Integer.compare(a.gpus(), b.gpus());
            return byGpus != 0 ? byGpus : Integer.compare(a.candidate().getId(), b.candidate().getId());
        });
        if (explainRows > 0 && !scored.isEmpty()) {
            explain.accept(scored.subList(0, Math.min(explainRows, scored.size())).stream().map(Scored::candidate).toList());
            grouped.add(findings.all());
        }
        List<Recommendation> ranked = new ArrayList<>(scored.size());
        for (Scored s : scored) {
            Candidate c = s.candidate();
            ranked.add(new Recommendation(ranked.size() + 1, c, s.score(),
                    new Objective.CandidateFindings(c, thresholds, best, s.parts(), grouped.of(c))));
        }
        return new Advice(scenario, ranked, rejected, grouped.scenarioLevel, candidates.size(), catalog.fingerprint(), rules.fingerprint());
    }

    /** A viable candidate with its score and the objective's parts of it, before it has a rank. */
    private record Scored(Candidate candidate, double score, int gpus, List<Objective.Part> parts) {}

    /**
     * The rules' findings by candidate, in the order the rules reported them, and whether one rejected
     * it. Ids are the candidates' indices as the generator numbers them, so arrays indexed by id do (a
     * finding about an id no candidate has is ignored).
     */
    private static final class Grouped {
        private final List<Finding>[] own;
        private final boolean[] rejected;
        private final List<Finding> scenarioLevel = new ArrayList<>();
        private int upTo;

        @SuppressWarnings("unchecked")
        Grouped(List<Candidate> candidates) {
            int maxId = -1;
            for (Candidate c : candidates) {
                maxId = Math.max(maxId, c.getId());
            }
            own = (List<Finding>[]) new List<?>[maxId + 1];
            rejected = new boolean[maxId + 1];
        }

        /** Takes in the findings reported since the last call. */
        void add(List<Finding> all) {
            for (int i = upTo; i < all.size(); i++) {
                Finding f = all.get(i);
                int id = f.candidateId();
                if (f.isScenarioLevel()) {
                    scenarioLevel.add(f);
                } else if (id >= 0 && id < own.length) {
                    if (own[id] == null) {
                        own[id] = new ArrayList<>(4);
                    }
                    own[id].add(f);
                    rejected[id] |= f.severity() == Finding.Severity.REJECT;
                }
            }
            upTo = all.size();
        }

        List<Finding> of(Candidate c) {
            List<Finding> found = c.getId() >= 0 ? own[c.getId()] : null;
            return found != null ? found : List.of();
        }

        boolean rejected(Candidate c) {
            return c.getId() >= 0 && rejected[c.getId()];
        }
    }
}
