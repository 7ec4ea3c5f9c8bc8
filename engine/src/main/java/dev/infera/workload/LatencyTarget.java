package dev.infera.workload;

import dev.infera.BadInputException;

/**
 * An SLA target on a latency: milliseconds and the statistic it is judged on, the mean (a bare
 * number, {@code percentile} null) or a percentile of a simulated load ({@code 2000@p99}).
 *
 * @param ms         the limit in milliseconds
 * @param percentile 50, 90 or 99, or null for the mean
 */
public record LatencyTarget(double ms, Integer percentile) {
    public static final java.util.List<Integer> PERCENTILES = java.util.List.of(50, 90, 99);

    public LatencyTarget {
        if (!Double.isFinite(ms) || ms <= 0) {
            throw new BadInputException("a latency target must be a positive number of ms, got " + ms);
        }
        if (percentile != null && !PERCENTILES.contains(percentile)) {
            throw new BadInputException("a latency target's percentile must be p50, p90 or p99, got p" + percentile);
        }
    }

    public static LatencyTarget mean(double ms) {
        return new LatencyTarget(ms, null);
    }

    /** "2000" (the mean) or "2000@p99"; {@code what} names the flag or key in messages. */
    public static LatencyTarget parse(String what, String text) {
        String s = text.trim();
        int at = s.indexOf('@');
        String number = at < 0 ? s : s.substring(0, at).trim();
        Integer percentile = null;
        if (at >= 0) {
            String p = s.substring(at + 1).trim().toLowerCase(java.util.Locale.ROOT);
            if (!p.matches("p(50|90|99)")) {
                throw new BadInputException(what + ": percentile must be p50, p90 or p99, got '" + s.substring(at + 1).trim() + "' in '" + text + "'");
            }
            percentile = Integer.parseInt(p.substring(1));
        }
        double ms;
        try {
            ms = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new BadInputException(what + " must be milliseconds, optionally @p50/@p90/@p99 (e.g. 2000@p99), got '" + text + "'");
        }
        if (!Double.isFinite(ms) || ms <= 0) {
            throw new BadInputException(what + " must be a positive number of ms, got '" + text + "'");
        }
        return new LatencyTarget(ms, percentile);
    }

    public boolean isMean() {
        return percentile == null;
    }

    /** "2000 ms" or "2000 ms at p99". */
    public String describe() {
        String ms = this.ms == Math.rint(this.ms) ? String.valueOf((long) this.ms) : String.valueOf(this.ms);
        return ms + " ms" + (percentile == null ? "" : " at p" + percentile);
    }

    /** The statistic's name suffix as in the vocabulary: "" (mean), "_p50", "_p90", "_p99". */
    public String suffix() {
        return percentile == null ? "" : "_p" + percentile;
    }
}
