package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.YamlNode;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The catalog ids a scenario file names (model, gpus, engines, weights, kv, region), checked against
 * the catalog before the advice runs, so that an unknown one is reported at its own {@code file:line}
 * rather than with no place at all. Fields a flag overrides are not checked: the flag's value is used.
 */
final class ScenarioFileIds {
    private ScenarioFileIds() {}

    /** The fields whose values a flag replaces (true: the file's value is used and checked). */
    record FromFile(boolean model, boolean gpus, boolean engines, boolean weights, boolean kv, boolean region) {}

    static void check(Path file, Catalog catalog, FromFile used) {
        YamlNode root = YamlNode.parse(file, file.toString());
        if (!root.isMapping()) {
            return;
        }
        if (used.model()) each(root, "model", catalog::model);
        if (used.gpus()) each(root, "gpus", catalog::requireGpuOrServer);
        if (used.engines()) each(root, "engines", catalog::engine);
        if (used.weights()) each(root, "weights", catalog::format);
        if (used.kv()) each(root, "kv", catalog::format);
        if (used.region()) each(root, "region", catalog.exportControls()::region);
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
                throw v.error(e.getMessage());
            }
        }
    }
}
