package dev.infera.rules;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;
import java.util.Objects;

/**
 * What a rule concluded about one candidate (or, with {@code candidateId} -1, about the whole
 * scenario): the rule's name and family, a severity, the points it adds to the score (negative
 * for a penalty) and a message with the numbers that made it fire.
 * <p>
 * The message is formatted on first read (a pattern and its arguments, or a DSL template with
 * its facts): a sweep produces millions of findings and shows few.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Finding {
    public static final int SCENARIO = -1;

    public enum Severity {
        /** The candidate is out: the score no longer matters. */
        REJECT,
        /** Points off the score. */
        PENALTY,
        /** Points onto the score. */
        BONUS,
        /** Something the architect must know, no points. */
        WARNING,
        /** Context, no points. */
        NOTE,
        /** The scenario objective's own points (Java-computed, so that every point traces to a Finding). */
        OBJECTIVE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether a finding of this kind moves a candidate's rank (rejects it or changes its score). */
        public boolean judges() {
            return this == REJECT || this == PENALTY || this == BONUS;
        }
    }

    private final int candidateId;
    private final String rule;
    private final String family;
    private final Severity severity;
    private final double points;
    private final CharSequence pattern;
    private final Object[] args;
    private String message;

    public Finding(int candidateId, String rule, String family, Severity severity, double points, String message) {
        this(candidateId, rule, family, severity, points, message, new Object[0]);
    }

    /** A finding whose message is {@code String.format(pattern, args)}, formatted when first read. */
    public Finding(int candidateId, String rule, String family, Severity severity, double points, CharSequence pattern, Object[] args) {
        this.candidateId = candidateId;
        this.rule = rule;
        this.family = family;
        this.severity = severity;
        this.points = points;
        this.pattern = pattern;
        this.args = args;
    }

    @JsonProperty("candidateId") public int candidateId() { return candidateId; }
    @JsonProperty("rule") public String rule() { return rule; }
    @JsonProperty("family") public String family() { return family; }
    @JsonProperty("severity") public Severity severity() { return severity; }
    @JsonProperty("points") public double points() { return points; }

    @JsonProperty("message")
    public String message() {
        if (message == null) {
            message = args.length == 0 ? pattern.toString() : String.format(Locale.ROOT, pattern.toString(), args);
        }
        return message;
    }

    public boolean isScenarioLevel() {
        return candidateId == SCENARIO;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finding f && f.candidateId == candidateId && f.rule.equals(rule) && f.severity == severity
                && Double.compare(f.points, points) == 0 && f.message().equals(message());
    }

    @Override
    public int hashCode() {
        return Objects.hash(candidateId, rule, severity, points, message());
    }

    @Override
    public String toString() {
        return rule + " [" + severity.label() + (points != 0 ? " " + points : "") + "]: " + message();
    }
}
