package dev.infera.calibrate;

import dev.infera.catalog.YamlNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Names in measurement files mapped to catalog ids (catalog/measurement-aliases.yaml). A GPU
 * mapped to null is known to have no catalog entry: its rows are dropped with that reason.
 */
public record Aliases(Map<String, Optional<String>> gpus, Map<String, String> models, Map<String, String> frameworks,
                      Map<String, String> formats) {
    public static final String FILE = "measurement-aliases.yaml";

    public static Aliases load(Path catalogFolder) {
        Path path = catalogFolder.resolve(FILE);
        if (!Files.exists(path)) {
            return new Aliases(Map.of(), Map.of(), Map.of(), Map.of());
        }
        YamlNode root = YamlNode.parse(path, FILE);
        Map<String, Optional<String>> gpus = new LinkedHashMap<>();
        YamlNode gpuNode = root.get("gpus");
        if (!gpuNode.isMissing()) {
            for (String key : gpuNode.keys()) {
                YamlNode value = gpuNode.get(key);
                gpus.put(normalise(key), value.isMissing() ? Optional.empty() : Optional.of(value.text().trim()));
            }
        }
        return new Aliases(gpus, section(root, "models"), section(root, "frameworks"), section(root, "formats"));
    }

    private static Map<String, String> section(YamlNode root, String key) {
        Map<String, String> map = new LinkedHashMap<>();
        YamlNode node = root.get(key);
        if (!node.isMissing()) {
            for (String name : node.keys()) {
                map.put(normalise(name), node.get(name).text().trim());
            }
        }
        return map;
    }

    /** Lower case, every run of other than letters and digits one '-': "RTX-3080Ti (12GB)" -> "rtx-3080ti-12gb". */
    public static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** The engine id of a framework cell ("llama.cpp (CUDA) build 4426e298" -> llama.cpp), by its longest matching start. */
    public Optional<String> framework(String cell) {
        String wanted = normalise(cell);
        return frameworks.entrySet().stream()
                .filter(e -> wanted.equals(e.getKey()) || wanted.startsWith(e.getKey() + "-"))
                .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue);
    }
}
