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

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Drools session for one scenario: workload, constraints and candidates in, Findings out.
 * A rule set that keeps firing (a rule that re-triggers itself) is stopped by a firing limit
 * and named.
 */
public final class RuleRun {
    /** Firings allowed per inserted fact before the run is called a loop. */
    static final int FIRINGS_PER_FACT = 64;

    private RuleRun() {}

    public static Findings run(RuleBase rules, Scenario scenario, List<Candidate> candidates) {
        return run(rules, scenario, candidates, null);
    }

    /** As {@link #run(RuleBase, Scenario, List)}, with {@code listener} (may be null) told of every firing: rule tests and `rules check` use it. */
    public static Findings run(RuleBase rules, Scenario scenario, List<Candidate> candidates, AgendaEventListener listener) {
        Findings findings = new Findings();
        KieSession session = rules.newSession();
        if (listener != null) {
            session.addEventListener(listener);
        }
        try {
            setFindings(rules, session, findings);
            // Two passes: the scenario's facts first, so that the thresholds table has chosen its row
            // before the candidates, which carry that row, go in.
            insertScenario(session, scenario, candidates);
            fire(session, rules, scenario, candidates);
            findings.thresholds(chosenThresholds(session));
            if (findings.thresholds() == null && !candidates.isEmpty()) {
                throw new BadInputException(rules.folder() + ": no rule set the thresholds for scenario kind '"
                        + scenario.workload().kind().id() + "' (thresholds table missing a row?)");
            }
            insertCandidates(session, scenario, findings.thresholds(), candidates);
            fire(session, rules, scenario, candidates);
            return findings;
        } catch (RuntimeException e) {
            if (e instanceof BadInputException) {
                throw e;
            }
            throw new BadInputException("a rule failed while running: " + rootMessage(e), e);
        } finally {
            session.dispose();
        }
    }

    private static void fire(KieSession session, RuleBase rules, Scenario scenario, List<Candidate> candidates) {
        int limit = FIRINGS_PER_FACT * (candidates.size() + 2) + 1000;
        int fired = session.fireAllRules(limit);
        if (fired >= limit) {
            throw new BadInputException("rules did not terminate: " + loopingRule(rules, scenario, candidates)
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
    private static void insertCandidates(KieSession session, Scenario scenario, Thresholds thresholds, List<Candidate> candidates) {
        for (Candidate candidate : candidates) {
            candidate.judgeIn(scenario.workload(), scenario.constraints(), thresholds);
            session.insert(candidate);
        }
    }

    /** Re-runs with listeners to name the rule that loops: only on the error path, it costs. */
    private static String loopingRule(RuleBase rules, Scenario scenario, List<Candidate> candidates) {
        KieSession session = rules.newSession();
        Map<String, Integer> fired = new HashMap<>();
        Map<String, Integer> inserted = new HashMap<>();
        Map<String, Integer> modified = new HashMap<>();
        try {
            setFindings(rules, session, new Findings());
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
            insertCandidates(session, scenario, chosenThresholds(session), candidates);
            session.fireAllRules(FIRINGS_PER_FACT * (candidates.size() + 2) + 1000);
        } finally {
            session.dispose();
        }
        Map<String, Integer> evidence = !modified.isEmpty() ? modified : !inserted.isEmpty() ? inserted : fired;
        String verb = evidence == modified ? "updated facts " : evidence == inserted ? "inserted facts " : "fired ";
        return evidence.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> "rule '" + e.getKey() + "' " + verb + e.getValue() + " times")
                .orElse("unknown rule");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
