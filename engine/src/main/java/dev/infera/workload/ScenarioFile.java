package dev.infera.workload;

import dev.infera.BadInputException;
import dev.infera.catalog.YamlNode;

import dev.infera.text.Deprecations;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Reads a scenario YAML file (infera advise -f scenario.yaml) into the same builder the CLI flags
 * fill. Its keys are the fields of {@link ScenarioSchema} (README, "Scenario fields"), plus a
 * {@code procurement:} block (see ProcurementFile) and a {@code published:} block (see Published):
 * <pre>
 * name: 70B chat for the support team
 * model: llama-3-70b
 * scenario: chat            # chat | rag | offline | agent
 * context: 8192             # or inputTokens: / outputTokens:
 * users: 32
 * ttft: 1000                # ms
 * tpot: 50@p90              # the 90th percentile of a simulated load; a bare number is the mean
 * gpus: [h100-sxm-80g, a100-sxm-80g]
 * maxRackKw: 15             # the site's racks: kW each, how many, air or liquid
 * procurement:              # see ProcurementFile
 *   years: 5
 * </pre>
 * An error names the file and the line of the value it is about.
 */
public final class ScenarioFile {
    /** The blocks a scenario file may hold besides the schema's fields. */
    private static final List<String> BLOCKS = List.of("procurement", "published");
    static final Set<String> FIELDS = fields();

    private ScenarioFile() {}

    public static ScenarioBuilder read(Path file) {
        return read(YamlNode.parse(file, file.toString()));
    }

    /** A scenario mapping inside another YAML file (a rule test's {@code scenario:}); errors name that file and line. */
    public static ScenarioBuilder read(YamlNode root) {
        if (root.isMissing() || !root.isMapping()) {
            throw root.error("a scenario file is a mapping of fields (model:, scenario:, users: ...)");
        }
        root.onlyKeys(FIELDS);
        ScenarioBuilder b = new ScenarioBuilder();
        try {
            apply(root, b);
        } catch (BadInputException e) {
            throw root.locate(e);
        }
        return b;
    }

    /** The key a file uses for {@code field} (its name, or an old one, which warns), or null when the file has none. */
    public static String keyIn(YamlNode n, ScenarioSchema.Field field) {
        List<String> given = field.keys().stream().filter(key -> !n.get(key).isMissing()).toList();
        if (given.size() > 1) {
            throw n.get(given.get(1)).error(given.get(1) + " is an old name for " + field.key() + ", given too: keep " + field.key() + " only");
        }
        if (given.isEmpty()) {
            return null;
        }
        String key = given.get(0);
        if (!key.equals(field.key())) {
            Deprecations.warnOnce(n.file() + ":" + n.get(key).line() + ": " + ScenarioSchema.oldName(key, field.key(),
                    field.aliasForKey(key).orElseThrow().inverted()));
        }
        return key;
    }

    private static void apply(YamlNode n, ScenarioBuilder b) {
        n.requiredString("model");
        for (ScenarioSchema.Field field : ScenarioSchema.fields()) {
            String key = keyIn(n, field);
            if (key == null) {
                continue;
            }
            YamlNode value = n.get(key);
            Object read = switch (field.type()) {
                case INT -> n.optionalPositiveInt(key);
                case LONG -> n.optionalPositive(key).longValue();
                case COUNT -> n.nonNegativeInt(key, 0);
                case SHARE -> n.requiredNonNegative(key);
                case NUMBER -> n.optionalPositive(key);
                case TEXT -> n.optionalString(key);
                case IDS -> n.strings(key);
                case FLAG -> n.bool(key, false) != field.aliasForKey(key).map(ScenarioSchema.Alias::inverted).orElse(false);
                // "2000@p99" is text; a bare number is the mean in ms.
                case TARGET -> n.optionalString(key).contains("@") ? n.optionalString(key) : n.optionalPositive(key);
                case QUOTES -> throw new IllegalStateException("quotes are a procurement term (ProcurementFile), not a scenario field");
            };
            try {
                field.set(b, read, key);
            } catch (BadInputException e) {
                throw value.locate(e);
            }
        }
        ProcurementFile.apply(n, b);
        // Checked here so that `advise -f` on a published case reports a typo in the block as any other field.
        Published.read(n.get("published"));
    }

    private static Set<String> fields() {
        Set<String> all = new java.util.LinkedHashSet<>(ScenarioSchema.keys());
        all.addAll(BLOCKS);
        return java.util.Collections.unmodifiableSet(all);
    }
}
