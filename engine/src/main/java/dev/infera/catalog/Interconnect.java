package dev.infera.catalog;

/**
 * A link between GPUs. {@code allReduceBusGbs} is a measured ring all-reduce bus bandwidth where one
 * was found; otherwise collectives run at {@code unidirectionalGbs} times the assumed efficiency.
 */
public record Interconnect(
        String id,
        String kind,
        String name,
        double unidirectionalGbs,
        Double allReduceBusGbs) implements java.io.Serializable {

    /** NVLink, NVSwitch and Infinity Fabric: the fabrics tensor parallelism is built for. */
    public boolean isScaleUpFabric() {
        return kind.equals("nvlink") || kind.equals("nvswitch") || kind.equals("xgmi");
    }

    /** The link as an architecture sentence names it: "NVLink", "NVSwitch", "PCIe 4.0 x16". */
    public String shortName() {
        return switch (kind) {
            case "nvlink" -> "NVLink";
            case "nvswitch" -> "NVSwitch";
            case "xgmi" -> "Infinity Fabric";
            default -> name;
        };
    }

    public boolean isPcie() {
        return kind.equals("pcie");
    }
}
