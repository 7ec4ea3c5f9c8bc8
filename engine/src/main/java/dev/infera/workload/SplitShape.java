package dev.infera.workload;

import dev.infera.BadInputException;

import java.util.regex.Pattern;

/**
 * A disaggregated shape the scenario asks for (#16): x prefill workers and y decode workers ("3P1D", as vLLM, SGLang and
 * TensorRT-LLM/Dynamo write it), or {@link #NONE}: no split twins at all. A workload without one lets advise choose x and y.
 *
 * @param prefillWorkers x >= 1 (0 only in NONE)
 * @param decodeWorkers  y >= 1 (0 only in NONE)
 */
public record SplitShape(int prefillWorkers, int decodeWorkers) {
    /** `disaggregate: none`: advise proposes no split. */
    public static final SplitShape NONE = new SplitShape(0, 0);

    private static final Pattern XPYD = Pattern.compile("(?i)(\\d{1,6})p(\\d{1,6})d");

    /** "1P3D": x prefill workers, y decode workers; null when the text is not of that form. */
    public static SplitShape parseOrNull(String text) {
        var m = XPYD.matcher(text.trim());
        return m.matches() ? new SplitShape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
    }

    /** xPyD with x, y >= 1, or none; anything else is bad input naming {@code spelled} (the flag or key as written). */
    public static SplitShape parse(String text, String spelled) {
        if (text.strip().equalsIgnoreCase("none")) {
            return NONE;
        }
        SplitShape s = parseOrNull(text);
        if (s == null || s.prefillWorkers < 1 || s.decodeWorkers < 1) {
            throw new BadInputException(spelled + " must be xPyD (x >= 1 prefill and y >= 1 decode workers, e.g. 3P1D) or none, got '"
                    + text.strip() + "'");
        }
        return s;
    }

    public boolean isNone() {
        return prefillWorkers == 0;
    }

    /** Workers the shape splits: x + y. */
    public int workers() {
        return prefillWorkers + decodeWorkers;
    }

    /** As the engines' docs write it ("3P1D"), or "none": also its JSON. */
    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
        return isNone() ? "none" : prefillWorkers + "P" + decodeWorkers + "D";
    }
}
