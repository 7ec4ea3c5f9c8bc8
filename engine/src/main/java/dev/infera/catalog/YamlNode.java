package dev.infera.catalog;

import dev.infera.text.Ids;

import dev.infera.BadInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML node that remembers its file and line, so that every validation error can say
 * {@code file:line: message}. Typed getters validate as they read.
 */
public final class YamlNode {
    private final String file;
    private final Node node;
    private final int fallbackLine;

    private YamlNode(String file, Node node, int fallbackLine) {
        this.file = file;
        this.node = node;
        this.fallbackLine = fallbackLine;
    }

    private YamlNode(String file, Node node) {
        this(file, node, 0);
    }

    /** Parses {@code path}; a syntax error becomes {@code file:line: message}. */
    public static YamlNode parse(Path path, String displayName) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(reader, displayName);
        } catch (IOException e) {
            throw new BadInputException(displayName + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static YamlNode parse(Reader reader, String displayName) {
        try {
            Node root = new Yaml(new LoaderOptions()).compose(reader);
            return new YamlNode(displayName, root);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw BadInputException.at(displayName, line, "YAML syntax error: " + e.getProblem());
        } catch (YAMLException e) {
            throw new BadInputException(displayName + ": YAML error: " + e.getMessage(), e);
        }
    }

    public String file() {
        return file;
    }

    public int line() {
        return node == null ? fallbackLine : node.getStartMark().getLine() + 1;
    }

    public boolean isMissing() {
        return node == null || (node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null"));
    }

    public BadInputException error(String message) {
        return BadInputException.at(file, line(), message);
    }

    /** {@code e} placed at this node's line, unless it already names its own place. */
    public BadInputException locate(BadInputException e) {
        return e.locatedAt(file, line());
    }

    private Map<String, YamlNode> fields() {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping of fields");
        }
        Map<String, YamlNode> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            if (fields.put(key, new YamlNode(file, tuple.getValueNode())) != null) {
                throw new YamlNode(file, tuple.getKeyNode()).error("duplicate field '" + key + "' (the second would silently win)");
            }
        }
        return fields;
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    /** The field {@code key}; a missing one is a node for which {@link #isMissing()} is true. */
    public YamlNode get(String key) {
        YamlNode value = fields().get(key);
        return value != null ? value : new YamlNode(file, null, line());
    }

    public Set<String> keys() {
        return fields().keySet();
    }

    /** Rejects fields outside {@code allowed}, the usual sign of a typo ("memoryGB"). */
    public void onlyKeys(Set<String> allowed) {
        for (Map.Entry<String, YamlNode> field : fields().entrySet()) {
            if (!allowed.contains(field.getKey())) {
                throw field.getValue().error(Ids.unknown("field", field.getKey(), allowed));
            }
        }
    }

    public List<YamlNode> items() {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw error("expected a list");
        }
        List<YamlNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            items.add(new YamlNode(file, item));
        }
        return items;
    }

    public String text() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("expected a single value");
        }
        return scalar.getValue();
    }

    // Typed field getters: a missing field is reported at the entry's own line.

    public String requiredString(String key) {
        YamlNode value = get(key);
        if (value.isMissing() || value.text().isBlank()) {
            throw error("missing field '" + key + "'");
        }
        return value.text().trim();
    }

    public String optionalString(String key) {
        YamlNode value = get(key);
        return value.isMissing() ? null : value.text().trim();
    }

    public double requiredPositive(String key) {
        Double value = optionalPositive(key);
        if (value == null) {
            throw error("missing field '" + key + "'");
        }
        return value;
    }

    /** A number that must be > 0 when present; null when absent (not sourced). */
    public Double optionalPositive(String key) {
        YamlNode value = get(key);
        if (value.isMissing()) {
            return null;
        }
        double number = value.number(key);
        if (!(number > 0)) {
            throw value.error("field '" + key + "' must be positive, got " + value.text());
        }
        return number;
    }

    public double fraction(String key, double defaultValue) {
        YamlNode value = get(key);
        if (value.isMissing()) {
            return defaultValue;
        }
        double number = value.number(key);
        if (!(number > 0 && number <= 1)) {
            throw value.error("field '" + key + "' must be a fraction in (0, 1], got " + value.text());
        }
        return number;
    }

    public int requiredPositiveInt(String key) {
        double value = requiredPositive(key);
        if (value != Math.rint(value)) {
            throw get(key).error("field '" + key + "' must be a whole number, got " + get(key).text());
        }
        return (int) value;
    }

    public Integer optionalPositiveInt(String key) {
        Double value = optionalPositive(key);
        if (value == null) {
            return null;
        }
        if (value != Math.rint(value)) {
            throw get(key).error("field '" + key + "' must be a whole number, got " + get(key).text());
        }
        return value.intValue();
    }

    /** Any finite number (a signed error share); missing is an error at the entry's line. */
    public double requiredNumber(String key) {
        YamlNode value = get(key);
        if (value.isMissing()) {
            throw error("missing field '" + key + "'");
        }
        return value.number(key);
    }

    /** A number that must be >= 0 (a rate or share that may be zero); missing is an error at the entry's line. */
    public double requiredNonNegative(String key) {
        YamlNode value = get(key);
        if (value.isMissing()) {
            throw error("missing field '" + key + "'");
        }
        double number = value.number(key);
        if (number < 0) {
            throw value.error("field '" + key + "' must be >= 0, got " + value.text());
        }
        return number;
    }

    public int nonNegativeInt(String key, int defaultValue) {
        YamlNode value = get(key);
        if (value.isMissing()) {
            return defaultValue;
        }
        double number = value.number(key);
        if (number < 0 || number != Math.rint(number)) {
            throw value.error("field '" + key + "' must be a whole number >= 0, got " + value.text());
        }
        return (int) number;
    }

    public boolean bool(String key, boolean defaultValue) {
        YamlNode value = get(key);
        if (value.isMissing()) {
            return defaultValue;
        }
        return switch (value.text().trim().toLowerCase()) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw value.error("field '" + key + "' must be true or false, got " + value.text());
        };
    }

    public List<String> strings(String key) {
        YamlNode value = get(key);
        if (value.isMissing()) {
            return List.of();
        }
        if (value.node instanceof ScalarNode) {
            return List.of(value.text().trim());
        }
        return value.items().stream().map(item -> item.text().trim()).toList();
    }

    /** No catalog quantity comes near this (the largest are prices in USD and token counts); beyond it is a typo or an overflow. */
    private static final double LARGEST = 1e12;

    private double number(String key) {
        String text = text().trim();
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value) || Math.abs(value) > LARGEST) {
                throw error("field '" + key + "' is " + text + ", beyond any catalog value (at most " + (long) LARGEST + ")");
            }
            return value;
        } catch (NumberFormatException e) {
            throw error("field '" + key + "' must be a number, got '" + text + "'");
        }
    }
}
