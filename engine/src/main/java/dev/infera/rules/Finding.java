package dev.infera.rules;

/**
 * What a rule concluded about one candidate (or, with {@code candidateId} -1, about the whole
 * scenario): the rule's name and family, a severity, the points it adds to the score (negative
 * for a penalty) and a message with the numbers that made it fire.
 */
public record Finding(int candidateId, String rule, String family, Severity severity, double points, String message) {
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
            return name().toLowerCase();
        }
    }

    public boolean isScenarioLevel() {
        return candidateId == SCENARIO;
    }
}
