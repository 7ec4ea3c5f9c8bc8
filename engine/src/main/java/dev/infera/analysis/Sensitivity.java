package dev.infera.analysis;

import dev.infera.BadInputException;
import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.advice.ArchitectureLabel;
import dev.infera.advice.Recommendation;
import dev.infera.advice.Rejection;
import dev.infera.workload.RequestShape;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import dev.infera.workload.Workload;

import java.util.List;
import java.util.Optional;

/** Does the recommendation hold on harsher variants of the request? Each variant is advised again from scratch. */
public final class Sensitivity {
    /** Users multiply by this in the "users triple" variant. */
    public static final int USERS_FACTOR = 3;
    /** The context (prompt + output) multiplies by this in the "context doubles" variant; the output stays. */
    public static final int CONTEXT_FACTOR = 2;

    /**
     * One variant: what changed, and its advice, or why it could not be advised.
     *
     * @param advice null when the variant is bad input (then {@code error} says why)
     */
    public record Variant(String what, Advice advice, String error) {
        /** How the given architecture fares in this variant: its ranked row, else its rejection. */
        public Optional<Recommendation> ranked(String architecture) {
            return advice == null ? Optional.empty()
                    : advice.ranked().stream().filter(r -> ArchitectureLabel.of(r.candidate()).equals(architecture)).findFirst();
        }

        public Optional<Rejection> rejected(String architecture) {
            return advice == null ? Optional.empty()
                    : advice.rejected().stream().filter(r -> ArchitectureLabel.of(r.candidate()).equals(architecture)).findFirst();
        }
    }

    private Sensitivity() {}

    public static List<Variant> of(Advisor advisor, Scenario scenario) {
        Workload w = scenario.workload();
        RequestShape longer = w.shape().withContext(CONTEXT_FACTOR * w.contextTokens());
        return List.of(
                variant(advisor, "context doubles (" + longer.contextTokens() + " tokens)",
                        ScenarioBuilder.from(scenario).name(scenario.name() + ", context doubled").inputTokens(longer.promptTokens())),
                variant(advisor, "users triple (" + USERS_FACTOR * w.users() + ")",
                        ScenarioBuilder.from(scenario).name(scenario.name() + ", users tripled").users(USERS_FACTOR * w.users())));
    }

    private static Variant variant(Advisor advisor, String what, ScenarioBuilder variant) {
        try {
            return new Variant(what, advisor.advise(variant.build()), null);
        } catch (BadInputException e) {
            return new Variant(what, null, e.getMessage());
        }
    }
}
