package dev.infera.text;


import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTest {

    /** The definition the fast path must keep: String.format to 0 or 4 decimals, trailing zeros and dot dropped. */
    private static String byFormat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "";
        }
        String text = String.format(Locale.ROOT, "%." + (d == Math.rint(d) ? 0 : 4) + "f", d);
        return text.replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    @Test
    void numbersAreWrittenAsRoundedPlainDecimals() {
        assertEquals("12.5", Csv.escape(12.5));
        assertEquals("3", Csv.escape(3.0));
        assertEquals("0.1235", Csv.escape(0.12345));
        assertEquals("1200", Csv.escape(1200.0));
        assertEquals("-0", Csv.escape(-0.00001));
        assertEquals("", Csv.escape(Double.NaN));
    }

    @Test
    void theFastNumberFormatWritesWhatStringFormatWould() {
        for (double d : List.of(0.0, -0.0, 0.5, 0.00005, -0.00005, 0.99995, 99999.99995, 1e15, 1e20, -1e-10, Double.NaN, Double.POSITIVE_INFINITY)) {
            assertEquals(byFormat(d), Csv.number(d), () -> "value " + d);
        }
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> random.nextDouble() * 100;
                case 1 -> Math.round(random.nextDouble() * 1e7) / 1e5 + 0.00005; // on a rounding edge
                case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12) - 4);
                default -> random.nextInt(100_000);
            };
            assertEquals(byFormat(d), Csv.number(d), "value " + d);
        }
    }

    @Test
    void cellsWithCommasOrQuotesAreQuoted() {
        assertEquals("a,\"b,c\",\"say \"\"hi\"\"\"", Csv.line(List.of("a", "b,c", "say \"hi\"")));
    }
}
