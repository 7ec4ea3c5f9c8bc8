package dev.infera.rules;

import dev.infera.BadInputException;
import dev.infera.plan.Candidate;
import dev.infera.workload.Scenario;
import dev.infera.workload.Thresholds;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Drools session for one scenario: workload, constraints and candidates in, Findings out.
 * A run judges every candidate (the rules that reject or score), and explains (notes, warnings)
 * those that are shown: all of them from the start, or the rows a reader will see once the
 * ranking has chosen them ({@link #explain}). A rule set that keeps firing (a rule that
 * re-triggers itself) is stopped by a firing limit and named.
 */
public final class RuleRun implements AutoCloseable {
    /** Firings allowed per inserted fact before the run is called a loop. */
    static final int FIRINGS_PER_FACT = 64;

    private final RuleBase rules;
    private final Scenario scenario;
    private final List<Candidate> candidates;
    private final KieSession session;
    private final Findings findings;

    private RuleRun(RuleBase rules, Scenario scenario, List<Candidate> candidates, AgendaEventListener listener) {
        this.rules = rules;
        this.scenario = scenario;
        this.candidates = candidates;
        this.findings = new Findings(rules);
        this.session = rules.newSession();
        if (listener != null) {
            session.addEventListener(listener);
        }
    }

    /** Every rule over every candidate, all of them shown: the findings a single advice lists. */
    public static Findings run(RuleBase rules, Scenario scenario, List<Candidate> candidates) {
        return run(rules, scenario, candidates, null);
    }

    /** As {@link #run(RuleBase, Scenario, List)}, with {@code listener} (may be null) told of every firing: rule tests and `rules check` use it. */
    public static Findings run(RuleBase rules, Scenario scenario, List<Candidate> candidates, AgendaEventListener listener) {
        try (RuleRun run = judge(rules, scenario, candidates, true, listener)) {
            return run.findings();
        }
    }

    /**
     * Opens a session and judges every candidate; with {@code showAll} they are explained in the
     * same pass, otherwise only those later passed to {@link #explain}. Close it when done.
     */
    public static RuleRun judge(RuleBase rules, Scenario scenario, List<Candidate> candidates, boolean showAll, AgendaEventListener listener) {
        RuleRun run = new RuleRun(rules, scenario, candidates, listener);
        try {
            run.guarded(() -> {
                setFindings(rules, run.session, run.findings);
                // Two passes: the scenario's facts first, so that the thresholds table has chosen its
                // row before the candidates, which carry that row, go in.
                insertScenario(run.session, scenario, candidates);
                run.fire();
                run.findings.thresholds(chosenThresholds(run.session));
                if (run.findings.thresholds() == null && !candidates.isEmpty()) {
                    throw new BadInputException(rules.folder() + ": no rule set the thresholds for scenario kind '"
                            + scenario.workload().kind().id() + "' (thresholds table missing a row?)");
                }
                insertCandidates(run.session, scenario, run.findings.thresholds(), candidates, showAll);
                run.fire();
            });
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /**
     * The prompt prefix that repeats in {@code scenario}: its own, else the thresholds table's default for its kind, read from
     * the table's row in a session of the scenario's facts alone; the stated one (or none) where no row matches (the
     * judging run then says so).
     */
    public static dev.infera.workload.PrefixReuse prefix(RuleBase rules, Scenario scenario) {
        if (scenario.workload().prefixTokens() != null) {
            return scenario.workload().statedPrefix();
        }
        try (RuleRun run = new RuleRun(rules, scenario, List.of(), null)) {
            run.guarded(() -> {
                setFindings(rules, run.session, run.findings);
                insertScenario(run.session, scenario, List.of());
                run.fire();
            });
            Thresholds row = chosenThresholds(run.session);
            return row == null ? scenario.workload().statedPrefix() : row.prefix();
        }
    }

    public Findings findings() {
        return findings;
    }

    /**
     * Shows {@code shown} (candidates of this run) to the rules that explain: only the conditions that
     * test {@code shown} are re-evaluated (Drools' property reactivity), so nothing is judged twice.
     * Their notes and warnings are appended to {@link #findings()}.
     */
    public void explain(Collection<Candidate> shown) {
        guarded(() -> {
            for (Candidate c : shown) {
                if (!c.isShown()) {
                    c.show();
                    session.update(session.getFactHandle(c), c, "shown");
                }
            }
            fire();
        });
    }

    @Override
    public void close() {
        session.dispose();
    }

    /** Runs {@code step}; a rule that throws is bad input naming its cause, not a stack trace. */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            Throwable root = root(e);
            String rule = failedRule(e);
            if (root instanceof BadInputException bad) {
                // A value the rule read is wrong (a table cell): the rule's own row or line is where to fix it.
                throw rule == null ? bad : bad.locatedAt(rules.place(rule).file(), rules.place(rule).line());
            }
            throw new BadInputException((rule == null ? "a rule" : rules.where(rule) + ": rule \"" + rule + "\"")
                    + " failed while running: " + root.getClass().getSimpleName() + ": " + root.getMessage(), e);
        }
    }

    // Drools names the rule whose consequence threw in its wrapping exception's message.
    private static final java.util.regex.Pattern RULE_IN_MESSAGE = java.util.regex.Pattern.compile("rule \"([^\"]+)\"");

    /** The name of the rule whose consequence threw {@code e}, from Drools' wrapping exception, or null. */
    private static String failedRule(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                var m = RULE_IN_MESSAGE.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private void fire() {
        int limit = FIRINGS_PER_FACT * (candidates.size() + 2) + 1000;
        int fired = session.fireAllRules(limit);
        if (fired >= limit) {
            String[] looping = loopingRule();
            throw new BadInputException((looping[0] == null ? "" : rules.where(looping[0]) + ": ") + "rules did not terminate: " + looping[1]
                    + " (stopped after " + fired + " firings; a rule that modifies a fact it matches needs no-loop or a guard)");
        }
    }

    /** A folder whose rules declare no findings global (only tables, say) runs without one. */
    private static void setFindings(RuleBase rules, KieSession session, Findings findings) {
        if (rules.declaresFindings()) {
            session.setGlobal("findings", findings);
        }
    }

    /** The facts of the scenario: workload, constraints, the model. */
    private static void insertScenario(KieSession session, Scenario scenario, List<Candidate> candidates) {
        session.insert(scenario.workload());
        session.insert(scenario.constraints());
        if (!candidates.isEmpty()) {
            session.insert(candidates.get(0).deployment().model());
        }
    }

    /** The row the thresholds table inserted (the last one, should several match); null when none did. */
    private static Thresholds chosenThresholds(KieSession session) {
        Thresholds chosen = null;
        for (Object fact : session.getObjects(new ClassObjectFilter(Thresholds.class))) {
            chosen = (Thresholds) fact;
        }
        return chosen;
    }

    /** Every candidate, judged in the scenario and the thresholds the table chose. */
    private static void insertCandidates(KieSession session, Scenario scenario, Thresholds thresholds, List<Candidate> candidates, boolean shown) {
        for (Candidate candidate : candidates) {
            candidate.judgeIn(scenario.workload(), scenario.constraints(), thresholds, shown);
            session.insert(candidate);
        }
    }

    /** Re-runs with listeners to name the rule that loops: only on the error path, it costs. Its name (or null) and what it did. */
    private String[] loopingRule() {
        KieSession session = rules.newSession();
        Map<String, Integer> fired = new HashMap<>();
        Map<String, Integer> inserted = new HashMap<>();
        Map<String, Integer> modified = new HashMap<>();
        try {
            setFindings(rules, session, new Findings(rules));
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    fired.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
                }
            });
            // The looping rule is the one whose consequence keeps updating facts; the rules it
            // re-triggers fire (and may insert) as often or more, so updates are the evidence.
            session.addEventListener(new DefaultRuleRuntimeEventListener() {
                @Override
                public void objectInserted(ObjectInsertedEvent event) {
                    count(inserted, event.getRule());
                }

                @Override
                public void objectUpdated(ObjectUpdatedEvent event) {
                    count(modified, event.getRule());
                }

                private void count(Map<String, Integer> counts, org.kie.api.definition.rule.Rule rule) {
                    if (rule != null) {
                        counts.merge(rule.getName(), 1, Integer::sum);
                    }
                }
            });
            insertScenario(session, scenario, candidates);
            session.fireAllRules(FIRINGS_PER_FACT * 2 + 1000);
            insertCandidates(session, scenario, chosenThresholds(session), candidates, true);
            session.fireAllRules(FIRINGS_PER_FACT * (candidates.size() + 2) + 1000);
        } finally {
            session.dispose();
        }
        Map<String, Integer> evidence = !modified.isEmpty() ? modified : !inserted.isEmpty() ? inserted : fired;
        String verb = evidence == modified ? "updated facts " : evidence == inserted ? "inserted facts " : "fired ";
        return evidence.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> new String[] {e.getKey(), "rule '" + e.getKey() + "' " + verb + e.getValue() + " times"})
                .orElse(new String[] {null, "unknown rule"});
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
