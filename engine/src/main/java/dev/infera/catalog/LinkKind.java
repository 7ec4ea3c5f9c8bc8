package dev.infera.catalog;

import java.util.List;
import java.util.Optional;

import dev.infera.text.Worded;

/**
 * What a link between GPUs is, as interconnects.yaml's {@code kind} names it. The scale-up fabrics
 * (NVLink, NVSwitch, AMD Infinity Fabric) are what tensor parallelism is built for; the rest carry
 * it at PCIe or network speed.
 */
public enum LinkKind implements Worded {
    NVLINK("nvlink", true, "NVLink"),
    NVSWITCH("nvswitch", true, "NVSwitch"),
    XGMI("xgmi", true, "Infinity Fabric"),
    C2C("c2c", false, null),
    PCIE("pcie", false, null),
    INFINIBAND("infiniband", false, null),
    ETHERNET("ethernet", false, null);

    private final String id;
    private final boolean scaleUpFabric;
    private final String shortName;

    LinkKind(String id, boolean scaleUpFabric, String shortName) {
        this.id = id;
        this.scaleUpFabric = scaleUpFabric;
        this.shortName = shortName;
    }

    /** The word interconnects.yaml and the rules use ({@code linkKind == "pcie"}). */
    @Override
    public String id() { return id; }

    public boolean isScaleUpFabric() { return scaleUpFabric; }

    /** The fabric's name in an architecture sentence, or null where the link's own name is the better one ("PCIe 4.0 x16"). */
    String shortName() { return shortName; }

    public static Optional<LinkKind> byId(String id) { return Worded.byId(values(), id); }

    public static List<String> ids() { return Worded.ids(values()); }
}
