package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.YamlNode;
import dev.infera.workload.ScenarioSchema;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The catalog ids a scenario file names (model, gpus, engines, weights, kv, region), checked against
 * the catalog before the advice runs, so that an unknown one is reported at its own {@code file:line}
 * rather than with no place at all. Fields a flag overrides are not checked: the flag's value is used.
 * Which fields hold which ids is the schema's {@link ScenarioSchema.Ids}.
 */
final class ScenarioFileIds {
    private ScenarioFileIds() {}

    /** Checks the ids of every field the file gives and no flag in {@code byFlags} replaces. */
    static void check(Path file, Catalog catalog, Set<ScenarioSchema.Field> byFlags) {
        YamlNode root = YamlNode.parse(file, file.toString());
        if (!root.isMapping()) {
            return;
        }
        for (ScenarioSchema.Field field : ScenarioSchema.fields()) {
            if (byFlags.contains(field)) {
                continue;
            }
            Consumer<String> check = switch (field.ids()) {
                case MODEL -> catalog::model;
                case HARDWARE -> catalog::requireGpuOrServer;
                case ENGINE -> catalog::engine;
                case FORMAT -> catalog::format;
                case REGION -> catalog.exportControls()::region;
                case KIND, DEPLOYMENT, NONE -> null;
            };
            if (check != null) {
                field.keys().forEach(key -> each(root, key, check));
            }
        }
    }

    /** Checks each value of {@code key} (a scalar or a list), an error reported at the value's own line. */
    private static void each(YamlNode root, String key, Consumer<String> check) {
        YamlNode value = root.get(key);
        if (value.isMissing()) {
            return;
        }
        List<YamlNode> values = value.isMapping() ? List.of() : value.isList() ? value.items() : List.of(value);
        for (YamlNode v : values) {
            try {
                check.accept(v.text().trim());
            } catch (BadInputException e) {
                throw v.locate(e);
            }
        }
    }
}
