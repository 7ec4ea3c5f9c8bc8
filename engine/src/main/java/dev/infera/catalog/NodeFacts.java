package dev.infera.catalog;

/**
 * What a facility needs to know of one node (catalog/servers.yaml): its whole power, its height,
 * how it is cooled and how many cluster-network ports it has. Null where no source gives it.
 *
 * @param systemPowerW  the node's maximum input power as published: GPUs, CPUs, NICs, switches, fans
 * @param rackUnits     height in rack units (null: not sourced, or a tower)
 * @param rackScale     the node is a whole rack (GB200 NVL72): one per rack, whatever its height
 * @param cooling       "air" or "liquid"
 * @param networkPorts  cluster-network ports (NICs facing other nodes) per node
 * @param partNumber    the vendor's system or part name, for a bill of materials
 * @param source        where the facts come from (URL or document)
 * @param rentedOnly    a cloud VM slice of a larger node: rented, never bought
 */
public record NodeFacts(
        Double systemPowerW,
        Integer rackUnits,
        boolean rackScale,
        String cooling,
        Integer networkPorts,
        String partNumber,
        String source,
        boolean rentedOnly) implements java.io.Serializable {

    /** A node no source describes: every fact unknown, air-cooled (what a PCIe box or workstation is). */
    public static final NodeFacts UNKNOWN = new NodeFacts(null, null, false, "air", null, null, null, false);

    public boolean isLiquidCooled() {
        return "liquid".equals(cooling);
    }
}
