package dev.infera.catalog;

import java.util.List;
import java.util.Optional;

import dev.infera.text.Worded;

/**
 * Where a node is meant to run, as servers.yaml's {@code deployment} names it: a datacenter (licences
 * such as GeForce's driver terms apply, bursts of other users to absorb) or a workstation or lab
 * machine (its owner is its whole load).
 */
public enum DeploymentKind implements Worded {
    DATACENTER("datacenter"),
    WORKSTATION("workstation");

    private final String id;

    DeploymentKind(String id) {
        this.id = id;
    }

    @Override
    public String id() { return id; }

    public static Optional<DeploymentKind> byId(String id) { return Worded.byId(values(), id); }

    public static List<String> ids() { return Worded.ids(values()); }

    @Override
    public String toString() { return id; }
}
