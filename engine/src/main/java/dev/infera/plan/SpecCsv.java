package dev.infera.plan;

import dev.infera.BadInputException;
import dev.infera.text.Csv;
import dev.infera.plan.EstimateColumns;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads deployments to estimate from CSV, columns {@link EstimateColumns#IN}; {@code batch} may be
 * {@code max}, {@code engine}, {@code kv} and {@code gpus} may be empty. Bad cells stop with
 * {@code file:line: message}.
 */
public final class SpecCsv {
    private SpecCsv() {}

    public record Row(int line, DeploymentSpec spec) {}

    public static List<Row> read(Path file) {
        List<String> lines = Csv.readLines(file, file.toString(), String.join(",", EstimateColumns.IN));
        List<String> header = Csv.parse(lines.get(0));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (!EstimateColumns.IN.contains(column)) {
                throw BadInputException.at(file.toString(), 1, dev.infera.text.Ids.unknown("column", column, EstimateColumns.IN));
            }
            index.put(column, i);
        }
        for (String required : List.of("model", "gpu", "tp")) {
            if (!index.containsKey(required)) {
                throw BadInputException.at(file.toString(), 1, "missing column '" + required + "'");
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            int line = n + 1;
            List<String> cells = Csv.parse(lines.get(n));
            Cells row = new Cells(file.toString(), line, cells, index);
            rows.add(new Row(line, new DeploymentSpec(
                    row.text("model", null), row.text("gpu", null),
                    row.count("gpus", 0), row.count("tp", 1), row.count("pp", 1),
                    row.text("weights", "fp16"), row.text("kv", null), row.text("engine", null),
                    row.batch(), row.count("input_tokens", 1024), row.count("output_tokens", 256))));
        }
        return rows;
    }

    private record Cells(String file, int line, List<String> cells, Map<String, Integer> index) {
        String text(String column, String fallback) {
            Integer i = index.get(column);
            String value = i == null || i >= cells.size() ? "" : cells.get(i);
            if (value.isEmpty()) {
                if (fallback == null && (column.equals("model") || column.equals("gpu"))) {
                    throw BadInputException.at(file, line, "empty '" + column + "'");
                }
                return fallback;
            }
            return value;
        }

        int count(String column, int fallback) {
            String value = text(column, "");
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n < 1) {
                    throw BadInputException.at(file, line, "'" + column + "' must be >= 1, got " + value);
                }
                return n;
            } catch (NumberFormatException e) {
                throw BadInputException.at(file, line, "'" + column + "' must be a whole number, got '" + value + "'");
            }
        }

        int batch() {
            String value = text("batch", "1");
            return value.equalsIgnoreCase("max") ? DeploymentSpec.MAX_BATCH : count("batch", 1);
        }
    }
}
