package dev.infera.catalog;

/**
 * One sourced export-control fact about a GPU in one region: restricted or allowed, under which
 * rule, in effect since when, according to which source. A region with no fact is not verified.
 */
public record ExportFact(String region, Status status, String rule, String effective, String source) implements java.io.Serializable {
    /** What a fact can say; "not verified" is the absence of a fact, not a status a fact may claim. */
    public enum Status {
        RESTRICTED("restricted"), ALLOWED("allowed");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The word the rules and reports use where no fact is recorded. */
    public static final String NOT_VERIFIED = "not verified";
}
