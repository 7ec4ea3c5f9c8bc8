package dev.infera.text;

import java.util.Locale;

/** How numbers are shown: the same everywhere (tables, reports, messages). */
public final class Numbers {
    private Numbers() {}

    /** 3 significant-ish digits: 0.874, 12.3, 145, 3,870. */
    public static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return "inf";
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** A score on the 0-100 scale, always to the one decimal at which ranks tie. */
    public static String score(double score) {
        return Double.isNaN(score) ? "n/a" : String.format(Locale.ROOT, "%.1f", score);
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
    }

    public static String money(double usd) {
        if (Double.isNaN(usd)) {
            return "n/a";
        }
        return usd >= 100 ? String.format(Locale.ROOT, "$%,.0f", usd) : String.format(Locale.ROOT, "$%.2f", usd);
    }
}
