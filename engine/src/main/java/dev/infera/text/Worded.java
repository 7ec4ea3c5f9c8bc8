package dev.infera.text;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An enum whose constants are written as one word in the catalog, flags, YAML and Groovy ("nvlink", "datacenter"):
 * the lookups by that word live here once, so each such enum states only its words.
 */
public interface Worded {

    /** The word files and flags use for this constant. */
    String id();

    /** The constant of {@code values} written {@code id}, or empty for a word that is none. */
    static <E extends Worded> Optional<E> byId(E[] values, String id) {
        return Arrays.stream(values).filter(v -> v.id().equals(id)).findFirst();
    }

    /** Every word of {@code values}, in declaration order: what a "did you mean" or an error message lists. */
    static List<String> ids(Worded[] values) {
        return Arrays.stream(values).map(Worded::id).toList();
    }
}
