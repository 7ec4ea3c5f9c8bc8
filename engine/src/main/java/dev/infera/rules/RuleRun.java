package dev.infera.rules;

import dev.infera.BadInputException;
import dev.infera.plan.Candidate;
import dev.infera.workload.Scenario;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
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
            session.setGlobal("findings", findings);
            session.insert(scenario.workload());
            session.insert(scenario.constraints());
            if (!candidates.isEmpty()) {
                session.insert(candidates.get(0).deployment().model());
            }
            for (Candidate candidate : candidates) {
                session.insert(candidate);
            }
            int limit = FIRINGS_PER_FACT * (candidates.size() + 2) + 1000;
            int fired = session.fireAllRules(limit);
            if (fired >= limit) {
                throw new BadInputException("rules did not terminate: " + loopingRule(rules, scenario, candidates)
                        + " (stopped after " + fired + " firings; a rule that modifies a fact it matches needs no-loop or a guard)");
            }
            for (Object fact : session.getObjects(new ClassObjectFilter(Thresholds.class))) {
                findings.thresholds((Thresholds) fact);
            }
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

    /** Re-runs with a listener to name the rule that fired most: only on the error path, it costs. */
    private static String loopingRule(RuleBase rules, Scenario scenario, List<Candidate> candidates) {
        KieSession session = rules.newSession();
        Map<String, Integer> counts = new HashMap<>();
        try {
            session.setGlobal("findings", new Findings());
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    counts.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
                }
            });
            session.insert(scenario.workload());
            session.insert(scenario.constraints());
            candidates.forEach(session::insert);
            session.fireAllRules(FIRINGS_PER_FACT * (candidates.size() + 2) + 1000);
        } finally {
            session.dispose();
        }
        // A loop often drags a second rule along (it re-matches the modified fact): name the top two.
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(2)
                .map(e -> "rule '" + e.getKey() + "' fired " + e.getValue() + " times")
                .reduce((a, b) -> a + ", " + b).orElse("unknown rule");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
