package dev.infera.analysis;

import dev.infera.advice.Advice;
import dev.infera.advice.ArchitectureLabel;
import dev.infera.advice.Recommendation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The best-ranked candidate of each family (GPU, parallel shape, format), so charts and frontiers compare real alternatives. */
public final class Families {
    private Families() {}

    public static List<Recommendation> top(Advice advice, int n) {
        Map<String, Recommendation> byFamily = new LinkedHashMap<>();
        for (Recommendation r : advice.ranked()) {
            byFamily.putIfAbsent(ArchitectureLabel.family(r.candidate()), r);
            if (byFamily.size() == n) {
                break;
            }
        }
        return List.copyOf(byFamily.values());
    }
}
