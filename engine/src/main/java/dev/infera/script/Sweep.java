package dev.infera.script;

import dev.infera.workload.Scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An expanded sweep: every case with its key and built scenario, the keywords that vary (axes),
 * and how many ranked rows to keep per case. Immutable; {@link SweepRunner} evaluates it.
 */
public record Sweep(List<Case> cases, List<String> axes, int top) {

    /** One scenario of the sweep; {@code point} maps each keyword to its value as written in the key. */
    public record Case(int index, String key, Map<String, String> point, Scenario scenario) {}

    public int size() {
        return cases.size();
    }

    /** "model=llama-3-70b;context=4096;users=16": stable across runs, so --resume can match it. */
    static String key(Map<String, String> point) {
        return point.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    static Map<String, String> parseKey(String key) {
        Map<String, String> point = new LinkedHashMap<>();
        for (String part : key.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                point.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return point;
    }
}
