package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Speculator;
import dev.infera.physics.Deployment;
import dev.infera.physics.Unsupported;

/** --speculator ID|mtp|eagle, --draft-tokens K and --acceptance A: speculative decoding, checked and applied to a deployment. */
final class SpeculatorOptions {
    private SpeculatorOptions() {}

    /** {@code d} with its speculator, or {@code d} unchanged when no flag is given; k and a default to the speculator's. */
    static Deployment apply(Deployment d, Catalog catalog, String speculatorId, Integer draftTokens, Double acceptance) {
        if (speculatorId == null) {
            if (draftTokens != null || acceptance != null) {
                throw new BadInputException((draftTokens != null ? "--draft-tokens" : "--acceptance")
                        + " needs --speculator (a draft model id, eagle or mtp)");
            }
            return d;
        }
        Speculator s = catalog.speculator(d.model(), speculatorId);
        if (draftTokens != null) {
            Limits.atLeast("--draft-tokens", draftTokens, 1);
            s = s.withDraftTokens(draftTokens);
        }
        if (acceptance != null) {
            if (!(acceptance >= 0 && acceptance < 1)) {
                throw new BadInputException("--acceptance must be in [0, 1): the chance a drafted token is accepted, got " + acceptance);
            }
            s = s.withAcceptance(acceptance, "--acceptance");
        }
        Deployment speculating = d.withSpeculator(s);
        Unsupported unsupported = Unsupported.of(speculating);
        if (unsupported != null && Unsupported.of(d) == null) {
            // The speculator is what this engine or layout cannot run: say so rather than estimate nothing.
            throw new BadInputException("--speculator " + speculatorId + ": " + unsupported.message());
        }
        return speculating;
    }
}
