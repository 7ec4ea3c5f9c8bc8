package dev.infera.catalog;

import java.util.Locale;

/**
 * What proposes draft tokens for a target model to verify in one pass (speculative decoding): a draft model from the
 * catalog, EAGLE heads or a model's multi-token-prediction module (models.yaml {@code speculators:}). {@code shape} is
 * the model one draft step runs (the draft model itself, or the head's layers in the target's layout); {@code draftTokens}
 * k tokens are drafted per verification step, each accepted with probability {@code acceptance} a, in [0, 1).
 *
 * @param id               the draft model's id, or the head's
 * @param kind             draft, eagle or mtp
 * @param targetId         the model it drafts for (a draft model: any model sharing its vocabulary; null)
 * @param shape            what one draft step runs, at 16-bit weights
 * @param draftTokens      k >= 1
 * @param acceptance       a in [0, 1)
 * @param acceptanceSource where a comes from (a flag, a paper, a prior)
 * @param source           where the speculator's figures come from
 */
public record Speculator(String id, Kind kind, String targetId, Model shape, int draftTokens, double acceptance,
        String acceptanceSource, String source) implements java.io.Serializable {

    public enum Kind {
        DRAFT, EAGLE, MTP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Speculator {
        if (draftTokens < 1 || !(acceptance >= 0 && acceptance < 1)) {
            throw new IllegalArgumentException("draft tokens must be >= 1 and acceptance in [0, 1)");
        }
    }

    public Speculator withDraftTokens(int k) {
        return new Speculator(id, kind, targetId, shape, k, acceptance, acceptanceSource, source);
    }

    public Speculator withAcceptance(double a, String from) {
        return new Speculator(id, kind, targetId, shape, draftTokens, a, from, source);
    }

    /** "eagle3-llama-3.1-8b (eagle, k=3, a=0.80)". */
    public String describe() {
        return String.format(Locale.ROOT, "%s (%s, k=%d, a=%.2f)", id, kind.id(), draftTokens, acceptance);
    }
}
