package dev.infera.advice;

import dev.infera.text.Ids;

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
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Generates candidates, estimates them, runs the rules over them in one session, and ranks:
 * rejected candidates out with their reasons, the rest by objective + rule adjustments.
 * Thread-safe: the catalog and the compiled rule base are shared, each call has its own session.
 */
public final class Advisor {
    private final Catalog catalog;
    private final Supplier<RuleBase> rules;
    private final CandidateGenerator generator;
    private final Estimator estimator;
    private final String pricedAs;

    public Advisor(Catalog catalog, RuleBase rules) {
        this(catalog, () -> rules);
    }

    /**
     * An advisor whose rules are still loading (on another thread): {@code rules} is asked for them
     * when the first candidates are to be judged, so generating and estimating the candidates, which
     * need only the catalog, overlap the load. It is asked once; what it throws (a broken rules
     * folder) reaches the caller of {@link #advise}.
     */
    public Advisor(Catalog catalog, Supplier<RuleBase> rules) {
        this(catalog, rules, null);
    }

    /** {@code pricedAs}: the price kind {@code catalog} was costed at for a scenario, or null (as loaded). */
    private Advisor(Catalog catalog, Supplier<RuleBase> rules, String pricedAs) {
        this.pricedAs = pricedAs;
        this.catalog = catalog;
        this.rules = once(rules);
        this.estimator = new Estimator(catalog.assumptions());
        this.generator = new CandidateGenerator(catalog, estimator);
    }

    private static Supplier<RuleBase> once(Supplier<RuleBase> load) {
        return new Supplier<>() {
            private volatile RuleBase loaded;

            @Override
            public RuleBase get() {
                if (loaded == null) {
                    synchronized (this) {
                        if (loaded == null) {
                            loaded = java.util.Objects.requireNonNull(load.get(), "rules");
                        }
                    }
                }
                return loaded;
            }
        };
    }

    public Catalog catalog() {
        return catalog;
    }

    public RuleBase rules() {
        return rules.get();
    }

    /**
     * The advisor that costs {@code scenario}'s GPUs: this one, or where the scenario names a price kind
     * (--price, YAML or Groovy {@code price}) one whose catalog charges every GPU its cheapest row of that kind.
     */
    public Advisor pricedFor(Scenario scenario) {
        String price = scenario.constraints().price();
        return price == null || price.equals(pricedAs) ? this
                : new Advisor(catalog.withPriceKind(dev.infera.catalog.PriceKind.byId(price)), rules, price);
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

    /** What a scenario whose pool and limits leave no configuration to judge gets: a row in a sweep, an error alone. */
    public static final String NO_CANDIDATES = "no candidate configurations for this scenario: widen --gpus, --engines, --formats or --max-gpus";

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

    /**
     * As {@link #advise(Scenario, Shown)}, empty where the scenario's pool and limits leave no
     * configuration at all: an answer, not a failure, for a sweep ({@link #NO_CANDIDATES}).
     */
    public java.util.Optional<Advice> adviseIfAny(Scenario scenario, Shown shown) {
        return adviseIfAny(scenario, shown, null);
    }

    private Advice advise(Scenario stated, Shown shown, AgendaEventListener listener) {
        return adviseIfAny(stated, shown, listener).orElseThrow(() -> new BadInputException(NO_CANDIDATES));
    }

    private java.util.Optional<Advice> adviseIfAny(Scenario stated, Shown shown, AgendaEventListener listener) {
        Advisor priced = pricedFor(stated);
        if (priced != this) {
            return priced.adviseIfAny(stated, shown, listener);
        }
        Scenario resolved = dev.infera.workload.Costing.resolve(stated, catalog);
        // The repeated prefix is the scenario's own, else the thresholds table's default for its kind: the candidates are built for it.
        dev.infera.workload.PrefixReuse prefix = RuleRun.prefix(rules.get(), resolved);
        Scenario scenario = new Scenario(resolved.name(), resolved.workload().withPrefix(prefix), resolved.constraints());
        List<Candidate> candidates = generator.generate(scenario, prefix);
        if (candidates.isEmpty()) {
            return java.util.Optional.empty();
        }
        if (SimulatedScreen.applies(scenario.workload())) {
            return java.util.Optional.of(SimulatedScreen.run(scenario.workload(), candidates, estimator, pool -> judge(scenario, pool, shown, listener)));
        }
        return java.util.Optional.of(judge(scenario, candidates, shown, listener));
    }

    private Advice judge(Scenario scenario, List<Candidate> candidates, Shown shown, AgendaEventListener listener) {
        try (RuleRun run = RuleRun.judge(rules.get(), scenario, candidates, shown.all(), listener)) {
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
     * ranked candidates (they come after the findings that judged them). Rows and rejections are
     * made when read (see {@link MadeOnRead}, {@link RankOrder}).
     */
    private Advice rank(Scenario scenario, List<Candidate> candidates, Findings findings, int explainRows, Consumer<List<Candidate>> explain) {
        Grouped grouped = new Grouped(candidates, findings.all());
        // The rule run has checked that the table chose a row: it stops without one.
        Thresholds thresholds = findings.thresholds();
        List<Candidate> viable = new ArrayList<>(candidates.size());
        List<Candidate> rejected = new ArrayList<>();
        for (Candidate c : candidates) {
            (grouped.rejected(c) ? rejected : viable).add(c);
        }
        Objective.Best best = Objective.Best.of(viable);
        RankOrder.Scored[] scored = new RankOrder.Scored[viable.size()];
        for (int i = 0; i < scored.length; i++) {
            Candidate c = viable.get(i);
            List<Objective.Part> parts = Objective.parts(c, scenario.workload(), best);
            // The score adds the same points the findings will show, in the order they list them.
            CompensatedSum score = new CompensatedSum();
            for (Objective.Part part : parts) {
                score.add(part.points().of(c, thresholds, best));
            }
            grouped.addPoints(c, score);
            scored[i] = new RankOrder.Scored(c, score.total(), c.getGpus(), parts);
        }
        RankOrder order = new RankOrder(scored);
        if (explainRows > 0 && order.size() > 0) {
            explain.accept(order.top(explainRows));
            grouped.takeNew();
        }
        List<Recommendation> ranked = new MadeOnRead<>(order.size(), i -> {
            RankOrder.Scored s = order.at(i);
            Candidate c = s.candidate();
            return new Recommendation(i + 1, c, s.score(), new Objective.CandidateFindings(c, thresholds, best, s.parts(), grouped.of(c)));
        });
        List<Rejection> rejections = new MadeOnRead<>(rejected.size(), i -> new Rejection(rejected.get(i), grouped.of(rejected.get(i))));
        return new Advice(scenario, thresholds, ranked, rejections, grouped.scenarioLevel, candidates.size(), catalog.fingerprint(), rules.get().fingerprint());
    }

    /**
     * The rules' findings by candidate, in the order the rules reported them, and whether one rejected
     * it. Each candidate's findings are a chain of indices into the run's list, so grouping makes no
     * list per candidate; a candidate's list is made when its row is read. Ids are the candidates'
     * indices as the generator numbers them, so arrays indexed by id do (a finding about an id no
     * candidate has is ignored).
     */
    private static final class Grouped {
        private static final int NONE = -1;
        private final List<Finding> all;
        private final int[] first;
        private final int[] last;
        private final boolean[] rejected;
        /** For each finding, the index of the same candidate's next one. */
        private int[] next;
        private final List<Finding> scenarioLevel = new ArrayList<>();
        private int upTo;

        Grouped(List<Candidate> candidates, List<Finding> all) {
            int maxId = -1;
            for (Candidate c : candidates) {
                maxId = Math.max(maxId, c.getId());
            }
            this.all = all;
            first = new int[maxId + 1];
            last = new int[maxId + 1];
            Arrays.fill(first, NONE);
            rejected = new boolean[maxId + 1];
            next = new int[Math.max(16, all.size())];
            takeNew();
        }

        /** Takes in the findings reported since the last call. */
        void takeNew() {
            if (next.length < all.size()) {
                next = Arrays.copyOf(next, all.size() + all.size() / 2);
            }
            for (int i = upTo; i < all.size(); i++) {
                Finding f = all.get(i);
                int id = f.candidateId();
                if (f.isScenarioLevel()) {
                    scenarioLevel.add(f);
                } else if (id >= 0 && id < first.length) {
                    next[i] = NONE;
                    if (first[id] == NONE) {
                        first[id] = i;
                    } else {
                        next[last[id]] = i;
                    }
                    last[id] = i;
                    rejected[id] |= f.severity() == Finding.Severity.REJECT;
                }
            }
            upTo = all.size();
        }

        /** Adds the points of {@code c}'s findings to {@code score}, in the order they were reported. */
        void addPoints(Candidate c, CompensatedSum score) {
            for (int i = head(c); i != NONE; i = next[i]) {
                score.add(all.get(i).points());
            }
        }

        List<Finding> of(Candidate c) {
            int head = head(c);
            if (head == NONE) {
                return List.of();
            }
            List<Finding> own = new ArrayList<>(4);
            for (int i = head; i != NONE; i = next[i]) {
                own.add(all.get(i));
            }
            return own;
        }

        boolean rejected(Candidate c) {
            return c.getId() >= 0 && rejected[c.getId()];
        }

        private int head(Candidate c) {
            return c.getId() >= 0 ? first[c.getId()] : NONE;
        }
    }
}
