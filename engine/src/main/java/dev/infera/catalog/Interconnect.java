package dev.infera.catalog;

/**
 * A link between GPUs. {@code allReduceBusGbs} is a measured ring all-reduce bus bandwidth where one
 * was found; otherwise collectives run at {@code unidirectionalGbs} times the assumed efficiency.
 */
public record Interconnect(
        String id,
        LinkKind kind,
        String name,
        double unidirectionalGbs,
        Double allReduceBusGbs) implements java.io.Serializable {

    /** NVLink, NVSwitch and Infinity Fabric: the fabrics tensor parallelism is built for. */
    public boolean isScaleUpFabric() {
        return kind.isScaleUpFabric();
    }

    /** The link as an architecture sentence names it: "NVLink", "NVSwitch", "PCIe 4.0 x16". */
    public String shortName() {
        return kind.shortName() != null ? kind.shortName() : name;
    }

    public boolean isPcie() {
        return kind == LinkKind.PCIE;
    }
}
