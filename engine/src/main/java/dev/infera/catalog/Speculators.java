package dev.infera.catalog;

import dev.infera.BadInputException;
import dev.infera.text.Ids;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The speculators of models.yaml: trained heads per target ({@code speculators:}) and the defaults a plain draft model is
 * served with ({@code draftDefaults:}, with their source).
 */
public record Speculators(Map<String, Speculator> heads, int draftTokens, double draftAcceptance, String draftSource) implements java.io.Serializable {

    public static final Speculators NONE = new Speculators(Map.of(), 5, 0.6, "none");

    public Speculators {
        heads = Map.copyOf(heads);
    }

    /** The trained heads for {@code target}, in id order. */
    public List<Speculator> headsFor(Model target) {
        return heads.values().stream().filter(h -> h.targetId().equals(target.id())).sorted(java.util.Comparator.comparing(Speculator::id)).toList();
    }

    /**
     * {@code idOrKind} for {@code target}: "eagle" or "mtp" (the target's head of that kind), a head's id, or a catalog
     * model id used as a draft model (it must share the target's vocabulary: the verifier checks the draft's token ids).
     */
    public Speculator resolve(Model target, String idOrKind, Map<String, Model> models) {
        for (Speculator.Kind kind : List.of(Speculator.Kind.EAGLE, Speculator.Kind.MTP)) {
            if (kind.id().equals(idOrKind)) {
                return headsFor(target).stream().filter(h -> h.kind() == kind).findFirst().orElseThrow(() -> new BadInputException(
                        target.id() + " has no " + kind.id() + " speculator in the catalog (models.yaml speculators:)"
                                + (headsFor(target).isEmpty() ? "" : "; it has " + String.join(", ", headsFor(target).stream().map(Speculator::id).toList()))));
            }
        }
        Speculator head = heads.get(idOrKind);
        if (head != null) {
            if (!head.targetId().equals(target.id())) {
                throw new BadInputException("speculator " + head.id() + " was trained for " + head.targetId() + ", not " + target.id());
            }
            return head;
        }
        Model draft = models.get(idOrKind);
        if (draft == null) {
            List<String> known = new ArrayList<>(List.of("eagle", "mtp"));
            known.addAll(new TreeSet<>(heads.keySet()));
            known.addAll(models.keySet());
            throw new BadInputException(Ids.unknown("speculator", idOrKind, known));
        }
        if (draft.id().equals(target.id())) {
            throw new BadInputException("--speculator " + idOrKind + " is the target model itself: a draft model must be smaller");
        }
        if (draft.vocabSize() != target.vocabSize()) {
            throw new BadInputException("draft model " + draft.id() + " has a vocabulary of " + draft.vocabSize() + " tokens, "
                    + target.id() + " of " + target.vocabSize() + ": a draft must share the target's tokenizer");
        }
        if (draft.paramsB() >= target.paramsB()) {
            throw new BadInputException("draft model " + draft.id() + " (" + draft.paramsB() + "B) is not smaller than " + target.id()
                    + " (" + target.paramsB() + "B)");
        }
        return new Speculator(draft.id(), Speculator.Kind.DRAFT, null, draft, draftTokens, draftAcceptance, draftSource, draft.source());
    }
}
