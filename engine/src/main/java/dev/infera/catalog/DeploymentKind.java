package dev.infera.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a node is meant to run, as servers.yaml's {@code deployment} names it: a datacenter (licences
 * such as GeForce's driver terms apply, bursts of other users to absorb) or a workstation or lab
 * machine (its owner is its whole load).
 */
public enum DeploymentKind {
    DATACENTER("datacenter"),
    WORKSTATION("workstation");

    private final String id;

    DeploymentKind(String id) {
        this.id = id;
    }

    public String id() { return id; }

    public static Optional<DeploymentKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(DeploymentKind::id).toList();
    }

    @Override
    public String toString() { return id; }
}
