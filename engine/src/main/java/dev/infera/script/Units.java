package dev.infera.script;

import java.time.Duration;

/**
 * Groovy extension methods that give numbers units: {@code 1.s}, {@code 50.ms}, {@code 10.h},
 * {@code 30.min}. Registered as an extension module (META-INF/groovy), so they work in every
 * script without a {@code use} block and without touching Number's global metaclass.
 */
public final class Units {
    private Units() {}

    public static Duration getMs(Number self) { return nanos(self.doubleValue() * 1e6); }
    public static Duration getS(Number self) { return nanos(self.doubleValue() * 1e9); }
    public static Duration getMin(Number self) { return nanos(self.doubleValue() * 60e9); }
    public static Duration getH(Number self) { return nanos(self.doubleValue() * 3600e9); }

    /** Milliseconds, the unit of the CLI's --ttft/--tpot and the YAML's ttft:/tpot:. */
    public static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    /** Hours, the unit of --deadline-hours and deadlineHours:. */
    public static double hours(Duration d) {
        return d.toNanos() / 3600e9;
    }

    private static Duration nanos(double value) {
        return Duration.ofNanos(Math.round(value));
    }
}
