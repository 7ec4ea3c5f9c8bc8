package dev.infera.text;

import dev.infera.BadInputException;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Looking up catalog ids, with "did you mean" suggestions for the misspelt ones. */
public final class Ids {
    private Ids() {}

    /** The entry for {@code id}, or a BadInputException naming the closest known ids. */
    public static <T> T lookup(Map<String, T> byId, String kind, String id) {
        T found = byId.get(id);
        if (found == null && id != null) {
            found = byId.get(id.toLowerCase(Locale.ROOT));
        }
        if (found == null) {
            throw new BadInputException(unknown(kind, id, byId.keySet()));
        }
        return found;
    }

    /** As {@link #lookup(Map, String, String)}, suggesting from {@code ranked}: the known ids, the most used first. */
    public static <T> T lookup(Map<String, T> byId, String kind, String id, java.util.function.Supplier<List<String>> ranked) {
        T found = byId.get(id);
        if (found == null && id != null) {
            found = byId.get(id.toLowerCase(Locale.ROOT));
        }
        if (found == null) {
            throw new BadInputException(unknownRanked(kind, id, ranked.get()));
        }
        return found;
    }

    /**
     * As {@link #unknown}, for ids given the most used first: every id sharing the prefix, those that
     * start with it before those that only contain it, each group in the given order.
     */
    public static String unknownRanked(String kind, String id, List<String> ranked) {
        String wanted = id == null ? "" : id.toLowerCase(Locale.ROOT);
        List<String> containing = wanted.isEmpty() ? List.of() : ranked.stream()
                .filter(k -> k.toLowerCase(Locale.ROOT).contains(wanted))
                .sorted(Comparator.comparing((String k) -> !k.toLowerCase(Locale.ROOT).startsWith(wanted)))
                .toList();
        if (containing.isEmpty()) {
            return unknown(kind, id, ranked);
        }
        return "unknown " + kind + " '" + id + "' (did you mean " + String.join(", ", containing) + "?)";
    }

    /** "unknown gpu 'h100' (did you mean h100-sxm-80g, h100-pcie-80g, h100-nvl-94g?)" */
    public static String unknown(String kind, String id, Collection<String> known) {
        List<String> close = closest(id == null ? "" : id, known, 3);
        return "unknown " + kind + " '" + id + "'" + (close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)");
    }

    /**
     * The known ids nearest to {@code id}: every id it is a prefix or part of (all of them, however
     * many: "h100" names each H100), then the nearest by edit distance up to {@code limit} in all.
     */
    public static List<String> closest(String id, Collection<String> known, int limit) {
        String wanted = id.toLowerCase(Locale.ROOT);
        List<String> containing = known.stream().filter(k -> !wanted.isEmpty() && k.toLowerCase(Locale.ROOT).contains(wanted)).sorted().toList();
        List<String> near = known.stream()
                .filter(k -> !containing.contains(k))
                .sorted(Comparator.comparingInt((String k) -> editDistance(wanted, k.toLowerCase(Locale.ROOT))).thenComparing(k -> k))
                .filter(k -> editDistance(wanted, k.toLowerCase(Locale.ROOT)) <= Math.max(3, wanted.length() / 2))
                .limit(Math.max(0, limit - containing.size()))
                .toList();
        return java.util.stream.Stream.concat(containing.stream(), near.stream()).toList();
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
