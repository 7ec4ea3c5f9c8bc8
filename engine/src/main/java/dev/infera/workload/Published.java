package dev.infera.workload;

import dev.infera.BadInputException;
import dev.infera.catalog.YamlNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A scenario file's {@code published:} block: a deployment that experts published for this scenario,
 * where it was published, and what Infera's top recommendation must have to agree with it, stated as
 * loosely as an expert would defend the choice (scenarios/published/README.md lists the properties):
 * <pre>
 * published:
 *   source: TensorRT-LLM docs/source/performance/perf-overview.md, table "Llama 3.3 70B", column "H100 TP2 (FP8)"
 *   url: https://github.com/NVIDIA/TensorRT-LLM/blob/main/docs/source/performance/perf-overview.md
 *   choice: 2x H100 SXM, TP=2, FP8, TensorRT-LLM
 *   expect:
 *     gpusPerReplica: {min: 2, max: 4}   # or one number
 *     precision: [8-bit]
 *   diagnosis: why Infera disagrees (which rule, score or fact decides), while it does
 * </pre>
 *
 * @param expected  at least one property; the top recommendation must have all of them
 * @param diagnosis null while Infera agrees
 * @param file      the scenario file, for errors found when the ids are checked against the catalog
 */
public record Published(String source, String url, String choice, List<Expected> expected, String diagnosis, String file) {
    static final Set<String> FIELDS = Set.of("source", "url", "choice", "expect", "diagnosis");
    /** The property kinds of {@code expect:}, by what they constrain. */
    public static final Set<String> RANGES = Set.of("gpus", "gpusPerReplica", "tp", "pp", "nodes", "replicas");
    public static final Set<String> SETS = Set.of("gpu", "engine", "weights", "precision", "layout");
    public static final Set<String> FLAGS = Set.of("fits");
    private static final Pattern PRECISION_CLASS = Pattern.compile("\\d+-bit");
    private static final Set<String> LAYOUTS = Set.of("workstation", "datacenter");

    /** One property the top recommendation must have; {@code line} is where the file states it. */
    public sealed interface Expected {
        String property();

        int line();
    }

    /** A count (GPUs, TP, nodes ...) within min..max, both inclusive. */
    public record Range(String property, int min, int max, int line) implements Expected {}

    /** A value (GPU id, engine id, weight format id, precision class such as "8-bit", layout) among these. */
    public record OneOf(String property, List<String> values, int line) implements Expected {}

    /** A yes/no fact of the candidate (fits: the estimate holds it in GPU memory). */
    public record Flag(String property, boolean value, int line) implements Expected {}

    /** The block under {@code node}, or null where the file has none. Unknown keys are file:line errors. */
    public static Published read(YamlNode node) {
        if (node.isMissing()) {
            return null;
        }
        if (!node.isMapping()) {
            throw node.error("published is a mapping (source:, url:, choice:, expect:, diagnosis:)");
        }
        node.onlyKeys(FIELDS);
        String source = node.requiredString("source");
        String choice = node.requiredString("choice");
        YamlNode expect = node.get("expect");
        if (expect.isMissing() || !expect.isMapping() || expect.keys().isEmpty()) {
            throw expect.error("published needs expect: a mapping of at least one property the top recommendation must have ("
                    + String.join(", ", allProperties()) + ")");
        }
        expect.onlyKeys(allProperties());
        List<Expected> expected = new ArrayList<>();
        for (String key : expect.keys()) {
            expected.add(property(expect, key));
        }
        String diagnosis = node.optionalString("diagnosis");
        return new Published(source, node.optionalString("url"), choice, List.copyOf(expected),
                diagnosis == null || diagnosis.isBlank() ? null : diagnosis.strip(), node.file());
    }

    private static Set<String> allProperties() {
        Set<String> all = new java.util.TreeSet<>(RANGES);
        all.addAll(SETS);
        all.addAll(FLAGS);
        return all;
    }

    private static Expected property(YamlNode expect, String key) {
        YamlNode value = expect.get(key);
        int line = value.line();
        if (RANGES.contains(key)) {
            int min;
            int max;
            if (value.isMapping()) {
                value.onlyKeys(Set.of("min", "max"));
                min = value.get("min").isMissing() ? 1 : value.requiredPositiveInt("min");
                max = value.get("max").isMissing() ? Integer.MAX_VALUE : value.requiredPositiveInt("max");
            } else {
                min = max = expect.requiredPositiveInt(key);
            }
            if (min > max) {
                throw value.error(key + ": min " + min + " is above max " + max);
            }
            return new Range(key, min, max, line);
        }
        if (FLAGS.contains(key)) {
            return new Flag(key, expect.bool(key, true), line);
        }
        List<String> values = expect.strings(key);
        if (values.isEmpty()) {
            throw value.error(key + " needs at least one value");
        }
        for (String v : values) {
            if (key.equals("precision") && !PRECISION_CLASS.matcher(v).matches()) {
                throw value.error("precision classes are whole bits of the weight format, like 16-bit, 8-bit, 4-bit; got '" + v + "'");
            }
            if (key.equals("layout") && !LAYOUTS.contains(v)) {
                throw value.error(dev.infera.text.Ids.unknown("layout", v, LAYOUTS));
            }
        }
        return new OneOf(key, List.copyOf(values), line);
    }

    /** A file:line error about {@code expected}, for checks made against the catalog later. */
    public BadInputException error(Expected expected, String message) {
        return BadInputException.at(file, expected.line(), message);
    }
}
