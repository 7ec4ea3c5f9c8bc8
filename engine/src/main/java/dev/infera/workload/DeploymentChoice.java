package dev.infera.workload;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where the scenario deploys ({@code --deployment}): in a datacenter (the GeForce driver licence excludes
 * GeForce cards), on a workstation or lab machine, or either (each candidate is judged where its node is meant to run).
 */
public enum DeploymentChoice {
    DATACENTER("datacenter"),
    WORKSTATION("workstation"),
    ANY("any");

    private final String id;

    DeploymentChoice(String id) {
        this.id = id;
    }

    /** The word flags, YAML and Groovy use; JSON writes it too. */
    @JsonValue
    public String id() { return id; }

    public static Optional<DeploymentChoice> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(DeploymentChoice::id).toList();
    }

    @Override
    public String toString() { return id; }
}
