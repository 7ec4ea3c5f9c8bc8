package dev.infera.rules;

import dev.infera.plan.Candidate;
import dev.infera.workload.Thresholds;
import org.kie.api.runtime.rule.RuleContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The global every rule reports to ({@code global dev.infera.rules.Findings findings}). A rule
 * passes its {@code kcontext}, so each Finding carries the rule's own name and file: nobody types
 * a rule name twice. Messages are {@link String#format} patterns, filled with the numbers.
 */
public final class Findings {
    private final RuleBase rules;
    private final List<Finding> all = new ArrayList<>();
    private Thresholds thresholds;
    /** Rule name -> family (its file), looked up once per rule rather than per finding. */
    private final java.util.Map<String, String> families = new java.util.HashMap<>();
    private org.kie.api.definition.rule.Rule lastRule;
    private String lastFamily;
    private boolean lastShownOnly;
    private String lastTemplate;
    private MessageTemplate lastParsed;

    /** Findings of a run of {@code rules}; null for findings made by hand (tests). */
    public Findings(RuleBase rules) {
        this.rules = rules;
    }

    public void reject(RuleContext rule, Candidate c, CharSequence message, Object... args) {
        add(rule, c.getId(), Finding.Severity.REJECT, 0, message, args);
    }

    /** Takes {@code points} off the candidate's score. */
    public void penalise(RuleContext rule, Candidate c, double points, CharSequence message, Object... args) {
        add(rule, c.getId(), Finding.Severity.PENALTY, -Math.abs(points), message, args);
    }

    /** Adds {@code points} to the candidate's score. */
    public void prefer(RuleContext rule, Candidate c, double points, CharSequence message, Object... args) {
        add(rule, c.getId(), Finding.Severity.BONUS, Math.abs(points), message, args);
    }

    public void warn(RuleContext rule, Candidate c, CharSequence message, Object... args) {
        add(rule, c.getId(), Finding.Severity.WARNING, 0, message, args);
    }

    public void note(RuleContext rule, Candidate c, CharSequence message, Object... args) {
        add(rule, c.getId(), Finding.Severity.NOTE, 0, message, args);
    }

    /** A finding about the whole scenario (the model, the workload), not one candidate. */
    public void advise(RuleContext rule, CharSequence message, Object... args) {
        add(rule, Finding.SCENARIO, Finding.Severity.NOTE, 0, message, args);
    }

    private void add(RuleContext rule, int candidate, Finding.Severity severity, double points, CharSequence message, Object[] args) {
        org.kie.api.definition.rule.Rule which = rule.getRule();
        if (which != lastRule) {
            // The agenda fires one rule's matches in a row: look the family up when the rule changes.
            lastFamily = families.computeIfAbsent(which.getName(), name -> RuleBase.familyOf(which));
            lastShownOnly = rules != null && rules.shownOnly().contains(which.getName());
            lastRule = which;
        }
        if (lastShownOnly && severity.judges()) {
            // A sweep shows a few rows: such a rule would judge those and not the rest.
            String verb = severity == Finding.Severity.REJECT ? "rejects" : "scores";
            RuleBase.Place place = rules.place(which.getName());
            throw dev.infera.BadInputException.at(place.file(), place.line(), "rule '" + which.getName() + "' " + verb
                    + " a candidate but runs only for shown ones: a rule that rejects or scores must judge every candidate"
                    + " (drop 'shown' from it; only notes and warnings may depend on it)");
        }
        all.add(new Finding(candidate, which.getName(), lastFamily, severity, points, message, args));
    }

    /**
     * A DSL message about candidate {@code c} with its {value} placeholders filled (see
     * {@link MessageTemplate}): the candidate's properties, and the workload, constraints, thresholds
     * and model it carries.
     */
    public CharSequence fill(RuleContext rule, Candidate c, String template) {
        return new LazyText(parse(rule, template), rule.getRule().getName(), c, List.of());
    }

    /** A DSL message about the whole scenario, its placeholders filled from the facts the rule matched. */
    public CharSequence fill(RuleContext rule, String template) {
        // The match is reused once the consequence returns: keep its facts, fill the text when read.
        return new LazyText(parse(rule, template), rule.getRule().getName(), null, rule.getMatch().getObjects());
    }

    private MessageTemplate parse(RuleContext rule, String template) {
        try {
            // A consequence passes the same template string for every match: reuse the last one parsed.
            MessageTemplate parsed = template == lastTemplate ? lastParsed : MessageTemplate.parse(template);
            lastTemplate = template;
            lastParsed = parsed;
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + rule.getRule().getName() + "': " + e.getMessage(), e);
        }
    }

    /**
     * A message filled on first read: most findings of a sweep are never shown. Placeholders read
     * the candidate (and the scenario it carries) or, for a scenario-level rule, the matched facts.
     */
    private static final class LazyText implements CharSequence {
        private final MessageTemplate template;
        private final String ruleName;
        private final Candidate candidate;
        private final List<? extends Object> facts;
        private String text;

        LazyText(MessageTemplate template, String ruleName, Candidate candidate, List<? extends Object> facts) {
            this.template = template;
            this.ruleName = ruleName;
            this.candidate = candidate;
            this.facts = facts;
        }

        private Object fact(String prefix) {
            return candidate != null ? MessageTemplate.factOf(candidate, prefix)
                    : facts.stream().filter(MessageTemplate.FACTS.get(prefix)::isInstance).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            if (text == null) {
                try {
                    text = template.fill(this::fact);
                } catch (IllegalArgumentException e) {
                    // Read after the session, when the advice is printed: a rules-folder mistake, said in one line.
                    throw new dev.infera.BadInputException("rule '" + ruleName + "': " + e.getMessage(), e);
                }
            }
            return text;
        }

        @Override
        public int length() {
            return toString().length();
        }

        @Override
        public char charAt(int index) {
            return toString().charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().subSequence(start, end);
        }
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
