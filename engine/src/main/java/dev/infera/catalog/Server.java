package dev.infera.catalog;

/**
 * A node type: {@code gpus} of one GPU joined by {@code intraNodeLink}; {@code interNodeLink} is
 * null for a box that is not meant to scale out (a workstation). {@code facts} are what a facility
 * plan needs (whole power, height, cooling, network ports), unknown where no source gives them.
 */
public record Server(
        String id,
        String name,
        Gpu gpu,
        int gpus,
        Interconnect intraNodeLink,
        Interconnect interNodeLink,
        DeploymentKind deployment,
        boolean synthesized,
        NodeFacts facts) implements java.io.Serializable {

    public boolean isWorkstation() {
        return deployment == DeploymentKind.WORKSTATION;
    }
}
