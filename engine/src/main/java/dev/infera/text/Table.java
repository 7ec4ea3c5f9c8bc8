package dev.infera.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of already formatted cells, as report templates render it (Markdown pipes, HTML). Which
 * columns are numeric is decided once here so that every template aligns them the same way.
 */
public record Table(List<String> headers, List<List<String>> rows, List<Boolean> numeric) {

    public static Builder of(String... headers) {
        return new Builder(List.of(headers));
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public static final class Builder {
        private final List<String> headers;
        private final List<List<String>> rows = new ArrayList<>();

        private Builder(List<String> headers) {
            this.headers = headers;
        }

        public Builder row(Object... cells) {
            List<String> row = new ArrayList<>();
            for (Object cell : cells) {
                row.add(cell == null ? "" : cell.toString());
            }
            rows.add(List.copyOf(row));
            return this;
        }

        public Table build() {
            List<Boolean> numeric = new ArrayList<>();
            for (int i = 0; i < headers.size(); i++) {
                boolean all = !rows.isEmpty();
                for (List<String> row : rows) {
                    String cell = i < row.size() ? row.get(i) : "";
                    all &= cell.isEmpty() || cell.equals("n/a") || cell.equals("unknown") || cell.matches("[-+$#]?[\\d.,]+( ?%)?");
                }
                numeric.add(all);
            }
            return new Table(headers, List.copyOf(rows), List.copyOf(numeric));
        }
    }
}
