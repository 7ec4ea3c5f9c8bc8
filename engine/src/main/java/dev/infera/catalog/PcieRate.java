package dev.infera.catalog;

import java.util.List;
import java.util.Locale;

/**
 * The one convention for PCIe bandwidth in the catalog (gpus.yaml {@code pcieGbs}, interconnects.yaml's
 * {@code pcieN-xL} rows): GB/s PER DIRECTION after the physical layer's encoding, for the link's lanes.
 * per direction GB/s = GT/s x lanes x encoding share / 8 bits. Gen1-2 use 8b/10b, Gen3-5 128b/130b (PCI-SIG
 * base specifications); Gen6 has no line code, its 256-byte flit carries 242 bytes of link data after 8 bytes
 * of CRC and 6 of FEC (https://glennklockwood.com/garden/PCIe-Gen6: "236 bytes of payload (TLP), 6 bytes of
 * data link payload (DLP), 8 bytes of CRC, 6 bytes of FEC"). So Gen3 x16 15.75, Gen4 31.5, Gen5 63.0, Gen6 121.
 * Datasheets print the bidirectional sum without encoding ("PCIe Gen5: 128GB/s"): halved that is 64, the
 * other convention, which the loader rejects. What a link delivers beyond this (packet headers, DMA) is
 * the measured figure's business ({@code measuredGbs}) or {@code linkEfficiency}'s.
 */
public final class PcieRate {
    private PcieRate() {}

    /** Lane widths a card or link may have. */
    static final List<Integer> LANES = List.of(16, 8, 4);

    /** Values within this share of the convention's are the same figure rounded (63 for 63.02). */
    private static final double ROUNDING = 0.005;

    /** GB/s per direction after encoding for PCIe generation {@code gen} (1-6) over {@code lanes} lanes. */
    public static double perDirectionGbs(int gen, int lanes) {
        double gtPerS = switch (gen) {
            case 1 -> 2.5;
            case 2 -> 5;
            case 3 -> 8;
            case 4 -> 16;
            case 5 -> 32;
            case 6 -> 64;
            default -> throw new IllegalArgumentException("PCIe generation " + gen + " is not 1-6");
        };
        double share = gen <= 2 ? 8.0 / 10 : gen <= 5 ? 128.0 / 130 : 242.0 / 256;
        return gtPerS * lanes * share / 8;
    }

    /** Whether {@code gbs} is the convention's figure for this generation and lane count (to rounding). */
    static boolean matches(double gbs, int gen, int lanes) {
        return Math.abs(gbs / perDirectionGbs(gen, lanes) - 1) <= ROUNDING;
    }

    /** "Gen5: x16 63.0, x8 31.5, x4 15.8 GB/s per direction after 128b/130b encoding", for a message. */
    static String expected(int gen, List<Integer> lanes) {
        StringBuilder out = new StringBuilder("Gen" + gen + ":");
        for (int i = 0; i < lanes.size(); i++) {
            out.append(i == 0 ? " " : ", ").append('x').append(lanes.get(i)).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", perDirectionGbs(gen, lanes.get(i))));
        }
        return out + " GB/s per direction after " + (gen <= 2 ? "8b/10b encoding" : gen <= 5 ? "128b/130b encoding" : "the flit's CRC and FEC");
    }
}
