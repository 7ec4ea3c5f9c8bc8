package dev.infera.rules;

import dev.infera.plan.Candidate;
import org.kie.api.runtime.rule.RuleContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The global every rule reports to ({@code global dev.infera.rules.Findings findings}). A rule
 * passes its {@code kcontext}, so each Finding carries the rule's own name and file: nobody types
 * a rule name twice. Messages are {@link String#format} patterns, filled with the numbers.
 */
public final class Findings {
    private final List<Finding> all = new ArrayList<>();
    private Thresholds thresholds;
    /** Rule name -> family (its file), looked up once per rule rather than per finding. */
    private final java.util.Map<String, String> families = new java.util.HashMap<>();

    public void reject(RuleContext rule, Candidate c, String message, Object... args) {
        add(rule, c.getId(), Finding.Severity.REJECT, 0, message, args);
    }

    /** Takes {@code points} off the candidate's score. */
    public void penalise(RuleContext rule, Candidate c, double points, String message, Object... args) {
        add(rule, c.getId(), Finding.Severity.PENALTY, -Math.abs(points), message, args);
    }

    /** Adds {@code points} to the candidate's score. */
    public void prefer(RuleContext rule, Candidate c, double points, String message, Object... args) {
        add(rule, c.getId(), Finding.Severity.BONUS, Math.abs(points), message, args);
    }

    public void warn(RuleContext rule, Candidate c, String message, Object... args) {
        add(rule, c.getId(), Finding.Severity.WARNING, 0, message, args);
    }

    public void note(RuleContext rule, Candidate c, String message, Object... args) {
        add(rule, c.getId(), Finding.Severity.NOTE, 0, message, args);
    }

    /** A finding about the whole scenario (the model, the workload), not one candidate. */
    public void advise(RuleContext rule, String message, Object... args) {
        add(rule, Finding.SCENARIO, Finding.Severity.NOTE, 0, message, args);
    }

    private void add(RuleContext rule, int candidate, Finding.Severity severity, double points, String message, Object[] args) {
        org.kie.api.definition.rule.Rule which = rule.getRule();
        String family = families.computeIfAbsent(which.getName(), name -> RuleBase.familyOf(which));
        all.add(new Finding(candidate, which.getName(), family, severity, points, message, args));
    }

    /**
     * A DSL message with its {value} placeholders filled from the facts this rule matched (see
     * {@link MessageTemplate}): the candidate bound as $c, and the workload, constraints, thresholds
     * or model when the rule names them.
     */
    public String fill(RuleContext rule, String template) {
        try {
            return MessageTemplate.parse(template).fill(prefix -> fact(rule, prefix));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + rule.getRule().getName() + "': " + e.getMessage(), e);
        }
    }

    private static Object fact(RuleContext rule, String prefix) {
        if (prefix.isEmpty()) {
            return rule.getMatch().getDeclarationIds().contains("$c") ? rule.getMatch().getDeclarationValue("$c") : null;
        }
        Class<?> type = MessageTemplate.FACTS.get(prefix);
        return rule.getMatch().getObjects().stream().filter(type::isInstance).findFirst().orElse(null);
    }

    public void addObjective(Finding finding) {
        all.add(finding);
    }

    /** The thresholds the table chose for this scenario; null when no row matched. */
    public Thresholds thresholds() {
        return thresholds;
    }

    void thresholds(Thresholds chosen) {
        this.thresholds = chosen;
    }

    public List<Finding> all() {
        return all;
    }
}
