package dev.infera.workload;

import dev.infera.BadInputException;
import dev.infera.catalog.YamlNode;

import java.nio.file.Path;
import java.util.Set;

/**
 * Reads a scenario YAML file (infera advise -f scenario.yaml) into the same builder the CLI flags
 * fill. Fields mirror the flags:
 * <pre>
 * name: 70B chat for the support team
 * model: llama-3-70b
 * scenario: chat            # chat | rag | offline | agent
 * context: 8192             # or input: / output:
 * users: 32
 * ttft: 1000                # ms
 * tpot: 50                  # ms (the mean); 50@p90 judges the 90th percentile of a simulated load
 * minQuality: small-loss    # lowest weight-format quality class accepted (formats.yaml)
 * weights: [fp16, fp8, int4]
 * gpus: [h100-sxm-80g, a100-sxm-80g]
 * deployment: datacenter    # datacenter | workstation | any
 * maxRackKw: 15             # the site's racks: kW each, how many, air or liquid
 * racks: 4
 * cooling: air
 * procurement:              # see ProcurementFile
 *   years: 5
 *   usdPerKwh: 0.12
 * published:                # a deployment experts published for this scenario (see Published)
 *   source: ...
 * </pre>
 */
public final class ScenarioFile {
    static final Set<String> FIELDS = Set.of("extendContext", "name", "model", "scenario", "context", "input", "output", "users",
            "requestsPerSecond", "ttft", "tpot", "minQuality", "throughput", "documents", "deadlineHours", "weights", "kv",
            "deployment", "region", "gpus", "engines", "maxGpus", "maxPowerW", "maxUsdPerHour", "maxCapitalUsd", "multiNode",
            "maxRackKw", "racks", "cooling", "procurement", "published");

    private ScenarioFile() {}

    public static ScenarioBuilder read(Path file) {
        return read(YamlNode.parse(file, file.toString()));
    }

    /** A scenario mapping inside another YAML file (a rule test's {@code scenario:}); errors name that file and line. */
    public static ScenarioBuilder read(YamlNode root) {
        String file = root.file();
        if (root.isMissing() || !root.isMapping()) {
            throw root.error("a scenario file is a mapping of fields (model:, scenario:, users: ...)");
        }
        root.onlyKeys(FIELDS);
        ScenarioBuilder b = new ScenarioBuilder();
        try {
            apply(root, b);
        } catch (BadInputException e) {
            if (e.getMessage().startsWith(file)) {
                throw e;
            }
            throw root.error(e.getMessage());
        }
        return b;
    }

    /** {@code ttft: 1000} (ms, the mean) or {@code ttft: 2000@p99} (a percentile of a simulated load). */
    private static void latencyTarget(YamlNode n, String key, java.util.function.Consumer<LatencyTarget> percentile,
                                      java.util.function.DoubleConsumer mean) {
        String text = n.optionalString(key);
        if (text != null && text.contains("@")) {
            try {
                percentile.accept(LatencyTarget.parse(key, text));
            } catch (dev.infera.BadInputException e) {
                throw n.get(key).error(e.getMessage());
            }
        } else if (n.optionalPositive(key) != null) {
            mean.accept(n.optionalPositive(key));
        }
    }

    private static void apply(YamlNode n, ScenarioBuilder b) {
        if (n.optionalString("name") != null) b.name(n.optionalString("name"));
        b.model(n.requiredString("model"));
        if (n.optionalString("scenario") != null) atValue(n, "scenario", () -> b.kind(n.optionalString("scenario")));
        if (n.optionalPositiveInt("context") != null) b.context(n.optionalPositiveInt("context"));
        if (n.optionalPositiveInt("input") != null) b.inputTokens(n.optionalPositiveInt("input"));
        if (n.optionalPositiveInt("output") != null) b.outputTokens(n.optionalPositiveInt("output"));
        if (n.optionalPositiveInt("users") != null) b.users(n.optionalPositiveInt("users"));
        if (n.optionalPositive("requestsPerSecond") != null) b.requestsPerS(n.optionalPositive("requestsPerSecond"));
        latencyTarget(n, "ttft", b::ttft, b::ttftMs);
        latencyTarget(n, "tpot", b::tpot, b::tpotMs);
        String minQuality = n.optionalString("minQuality");
        if (minQuality != null) {
            try {
                b.minQuality(minQuality);
            } catch (BadInputException e) {
                throw n.get("minQuality").error(e.getMessage());
            }
        }
        if (n.optionalPositive("throughput") != null) b.throughput(n.optionalPositive("throughput"));
        if (n.optionalPositive("documents") != null) b.documents(n.optionalPositive("documents").longValue());
        if (n.optionalPositive("deadlineHours") != null) b.deadlineHours(n.optionalPositive("deadlineHours"));
        b.weights(n.strings("weights"));
        b.kv(n.strings("kv"));
        if (n.optionalString("deployment") != null) atValue(n, "deployment", () -> b.deployment(n.optionalString("deployment")));
        if (n.optionalString("region") != null) atValue(n, "region", () -> b.region(n.optionalString("region")));
        b.gpus(n.strings("gpus"));
        b.engines(n.strings("engines"));
        if (n.optionalPositiveInt("maxGpus") != null) b.maxGpus(n.optionalPositiveInt("maxGpus"));
        if (n.optionalPositive("maxPowerW") != null) b.maxPowerW(n.optionalPositive("maxPowerW"));
        if (n.optionalPositive("maxUsdPerHour") != null) b.maxUsdPerHour(n.optionalPositive("maxUsdPerHour"));
        if (n.optionalPositive("maxCapitalUsd") != null) b.maxCapitalUsd(n.optionalPositive("maxCapitalUsd"));
        b.allowMultiNode(n.bool("multiNode", true));
        if (n.optionalString("extendContext") != null) b.contextExtension(n.optionalString("extendContext"));
        ProcurementFile.apply(n, b.site());
        // Checked here so that `advise -f` on a published case reports a typo in the block as any other field.
        Published.read(n.get("published"));
    }

    /** Runs {@code step}, reporting a value it refuses on the value's own line (not the mapping's). */
    private static void atValue(YamlNode n, String key, Runnable step) {
        try {
            step.run();
        } catch (BadInputException e) {
            if (e.getMessage().startsWith(n.file())) {
                throw e;
            }
            throw n.get(key).error(e.getMessage());
        }
    }
}
