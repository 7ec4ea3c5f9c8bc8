package dev.infera.published;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.YamlNode;
import dev.infera.workload.Published;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioFile;

import java.nio.file.Path;

/** One published deployment: its scenario file, the scenario it states and its {@code published:} block. */
public record PublishedCase(String id, Path file, Scenario scenario, Published published) {

    /** Reads {@code file}; the ids its expectations name (GPUs, engines, weight formats) must be in {@code catalog}. */
    public static PublishedCase read(Path file, Catalog catalog) {
        YamlNode root = YamlNode.parse(file, file.toString());
        Scenario scenario = ScenarioFile.read(root).build();
        Published published = Published.read(root.get("published"));
        if (published == null) {
            throw root.error("a published case needs a published: block (source:, choice:, expect:)");
        }
        for (Published.Expected e : published.expected()) {
            if (e instanceof Published.OneOf o) {
                for (String id : o.values()) {
                    known(catalog, published, o, id);
                }
            }
        }
        String name = file.getFileName().toString();
        return new PublishedCase(name.substring(0, name.length() - ".yaml".length()), file, scenario, published);
    }

    private static void known(Catalog catalog, Published published, Published.OneOf o, String id) {
        try {
            switch (o.property()) {
                case "gpu" -> catalog.gpu(id);
                case "engine" -> catalog.engine(id);
                case "weights" -> catalog.format(id);
                default -> { }
            }
        } catch (BadInputException e) {
            throw published.error(o, e.getMessage());
        }
    }
}
