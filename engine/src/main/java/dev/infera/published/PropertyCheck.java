package dev.infera.published;

import dev.infera.plan.Candidate;
import dev.infera.workload.Published;

/**
 * Whether a recommended candidate has one property a published deployment states, with the value
 * it has, so a disagreement reads "tp 8, published 1..2".
 */
public record PropertyCheck(Published.Expected expected, boolean holds, String shown) {

    /** Checks {@code expected} against {@code c}. */
    public static PropertyCheck of(Published.Expected expected, Candidate c) {
        if (expected instanceof Published.Range r) {
            int value = count(r.property(), c);
            return new PropertyCheck(r, value >= r.min() && value <= r.max(), r.property() + " " + value + ", published " + range(r));
        }
        if (expected instanceof Published.OneOf o) {
            String value = value(o.property(), c);
            return new PropertyCheck(o, o.values().contains(value), o.property() + " " + value + ", published " + String.join("|", o.values()));
        }
        Published.Flag f = (Published.Flag) expected;
        boolean value = flag(f.property(), c);
        return new PropertyCheck(f, value == f.value(), f.property() + " " + value + ", published " + f.value());
    }

    static int count(String property, Candidate c) {
        return switch (property) {
            case "gpus" -> c.getGpus();
            case "gpusPerReplica" -> c.getGpusPerReplica();
            case "tp" -> c.getTp();
            case "pp" -> c.getPp();
            case "nodes" -> c.getNodes();
            case "replicas" -> c.getReplicas();
            default -> throw new IllegalArgumentException("not a count: " + property);
        };
    }

    static String value(String property, Candidate c) {
        return switch (property) {
            case "gpu" -> c.getGpu();
            case "engine" -> c.getEngine();
            case "weights" -> c.getWeights();
            case "precision" -> precisionClass(c.getWeightBits());
            case "layout" -> c.isWorkstation() ? "workstation" : "datacenter";
            default -> throw new IllegalArgumentException("not a value: " + property);
        };
    }

    static boolean flag(String property, Candidate c) {
        if (property.equals("fits")) {
            return c.isFits();
        }
        throw new IllegalArgumentException("not a flag: " + property);
    }

    // Precision class = whole bits of the weight format: int8 (8.06 bits with scales) and q8_0 (8.5) are 8-bit, AWQ (4.25) and Q4_K_M (4.85) 4-bit.
    static String precisionClass(double bitsPerWeight) {
        return (int) Math.floor(bitsPerWeight) + "-bit";
    }

    private static String range(Published.Range r) {
        if (r.min() == r.max()) {
            return String.valueOf(r.min());
        }
        return r.min() + ".." + (r.max() == Integer.MAX_VALUE ? "" : String.valueOf(r.max()));
    }
}
