package dev.infera.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
        String text = cell instanceof Double d ? number(d) : cell.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    /**
     * A number as a CSV cell holds it: rounded half up to at most 4 decimals, without trailing zeros
     * ("12.5", "3", "0.1235"); empty when not finite. BigDecimal rather than String.format and
     * regexes: a sweep writes millions of cells.
     */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "";
        }
        BigDecimal rounded = BigDecimal.valueOf(d).setScale(4, RoundingMode.HALF_UP);
        if (rounded.signum() == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        return rounded.stripTrailingZeros().toPlainString();
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
