package dev.infera.physics;

/** How a fleet of nodes goes into racks and onto a network (pure functions). */
public final class RackPlan {
    private RackPlan() {}

    /** Whole-node power W = the published system power, else GPU TDP x GPUs + host (CPUs, memory, NICs, fans). */
    public static double nodePowerW(Double systemPowerW, double gpuTdpW, int gpus, double hostPowerW) {
        return systemPowerW != null ? systemPowerW : gpuTdpW * gpus + hostPowerW;
    }

    /** Nodes one rack holds = min(floor(rack kW / node kW), floor(rack units / node units)); a rack-scale node: 1. */
    public static int nodesPerRack(double nodeKw, double rackKw, int nodeUnits, int rackUnits, boolean rackScale) {
        if (rackScale) {
            return nodeKw <= rackKw ? 1 : 0;
        }
        return (int) Math.min(Math.floor(rackKw / nodeKw), Math.floor((double) rackUnits / nodeUnits));
    }

    /** Racks = ceil(nodes / nodes per rack) (infinite when a node exceeds a rack). */
    public static double racks(int nodes, int nodesPerRack) {
        return nodesPerRack < 1 ? Double.POSITIVE_INFINITY : Math.ceil((double) nodes / nodesPerRack);
    }

    /** Switch tiers of the cluster network: 0 for one node, 1 while ports fit one switch's radix, else 2 (leaf and spine). */
    public static int switchTiers(int nodes, int ports, int switchPorts) {
        if (nodes <= 1) {
            return 0;
        }
        return ports <= switchPorts ? 1 : 2;
    }
}
