package dev.infera.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** RFC 4180 CSV, the small part Infera needs: quoting on write, quoted fields on read. */
public final class Csv {
    private Csv() {}

    public static String line(Collection<?> cells) {
        StringBuilder out = new StringBuilder();
        for (Object cell : cells) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(escape(cell));
        }
        return out.toString();
    }

    public static String escape(Object cell) {
        if (cell == null) {
            return "";
        }
        String text = cell instanceof Double d ? Numbers.plain(d, d == Math.rint(d) ? 0 : 4).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "") : cell.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    /**
     * A CSV file's lines, the header (byte-order mark removed) first. An unreadable or empty file is
     * bad input, reported under {@code name} with what the header should hold.
     */
    public static List<String> readLines(java.nio.file.Path file, String name, String expectedHeader) {
        List<String> lines;
        try {
            lines = new ArrayList<>(java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new dev.infera.BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw dev.infera.BadInputException.at(name, 1, "empty file, expected a header: " + expectedHeader);
        }
        lines.set(0, lines.get(0).replace("\uFEFF", ""));
        return lines;
    }

    /** Splits one CSV line, honouring double-quoted fields. */
    public static List<String> parse(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return cells;
    }
}
