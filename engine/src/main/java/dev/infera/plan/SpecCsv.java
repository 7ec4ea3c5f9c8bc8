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

    /**
     * @param rate     the optional {@code rate} column: requests/s to simulate (+infinity: {@code inf}, all at once), or null
     * @param requests the optional {@code requests} column: a finite run of N requests, or null (steady state)
     */
    public record Row(int line, DeploymentSpec spec, Double rate, Integer requests) {
        public Row(int line, DeploymentSpec spec) {
            this(line, spec, null, null);
        }
    }

    /** Optional columns that ask for a simulated load (README, "Latency percentiles at a request rate"). */
    public static final List<String> LOAD_IN = List.of("rate", "requests");

    /** True when the file's header has a {@code rate} column: its rows are then simulated where the cell is filled. */
    public static boolean hasRateColumn(Path file) {
        List<String> lines = Csv.readLines(file, file.toString(), String.join(",", EstimateColumns.IN));
        return Csv.parse(lines.get(0)).contains("rate");
    }

    public static List<Row> read(Path file) {
        List<String> lines = Csv.readLines(file, file.toString(), String.join(",", EstimateColumns.IN));
        List<String> header = Csv.parse(lines.get(0));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (!EstimateColumns.IN.contains(column) && !LOAD_IN.contains(column)) {
                throw BadInputException.at(file.toString(), 1, dev.infera.text.Ids.unknown("column", column,
                        java.util.stream.Stream.concat(EstimateColumns.IN.stream(), LOAD_IN.stream()).toList()));
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
                    row.batch(), row.count("input_tokens", 1024), row.count("output_tokens", 256)),
                    row.rate(), row.requests()));
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

        Double rate() {
            String value = text("rate", "");
            if (value.isEmpty()) {
                if (!text("requests", "").isEmpty()) {
                    throw BadInputException.at(file, line, "'requests' needs a 'rate' (requests/s, or inf for all at once)");
                }
                return null;
            }
            try {
                return dev.infera.sim.LoadSpec.parseRate("'rate'", value);
            } catch (BadInputException e) {
                throw e.locatedAt(file, line);
            }
        }

        Integer requests() {
            String value = text("requests", "");
            if (value.isEmpty()) {
                return null;
            }
            int n = count("requests", 1);
            if (n > dev.infera.sim.LoadSpec.MAX_REQUESTS) {
                throw BadInputException.at(file, line, "'requests' must be at most " + dev.infera.sim.LoadSpec.MAX_REQUESTS + ", got " + value);
            }
            return n;
        }

        int batch() {
            String value = text("batch", "1");
            return value.equalsIgnoreCase("max") ? DeploymentSpec.MAX_BATCH : count("batch", 1);
        }
    }
}
