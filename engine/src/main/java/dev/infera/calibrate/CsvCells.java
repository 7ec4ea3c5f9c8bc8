package dev.infera.calibrate;

import dev.infera.BadInputException;

import java.util.List;
import java.util.Map;

/**
 * One data row of a measurement CSV as its cells by column, with the readings both measurement
 * files share; a problem is a {@code file:line: message} at the row.
 */
interface CsvCells {
    String file();

    int line();

    List<String> cells();

    Map<String, Integer> index();

    default BadInputException problem(String message) {
        return BadInputException.at(file(), line(), message);
    }

    /** The trimmed cell, or "" when the column or the cell is missing. */
    default String text(String column) {
        Integer i = index().get(column);
        return i == null || i >= cells().size() ? "" : cells().get(i).trim();
    }

    /** A positive number, or null when the cell is empty. */
    default Double positive(String column) {
        String value = text(column);
        if (value.isEmpty()) {
            return null;
        }
        double number;
        try {
            number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw problem("'" + column + "' must be a number, got '" + value + "'");
        }
        if (!(number > 0) || Double.isInfinite(number)) {
            throw problem("'" + column + "' must be positive, got " + value);
        }
        return number;
    }

    /** A positive whole number, or null when the cell is empty. */
    default Integer whole(String column) {
        Double value = positive(column);
        if (value == null) {
            return null;
        }
        if (value != Math.rint(value) || value > Integer.MAX_VALUE) {
            throw problem("'" + column + "' must be a whole number, got " + text(column));
        }
        return value.intValue();
    }

    default int count(String column, int fallback) {
        Integer value = whole(column);
        return value == null ? fallback : value;
    }
}
