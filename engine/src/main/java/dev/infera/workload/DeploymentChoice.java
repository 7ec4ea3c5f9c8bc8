package dev.infera.workload;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Optional;

import dev.infera.text.Worded;

/**
 * Where the scenario deploys ({@code --deployment}): in a datacenter (the GeForce driver licence excludes
 * GeForce cards), on a workstation or lab machine, or either (each candidate is judged where its node is meant to run).
 */
public enum DeploymentChoice implements Worded {
    DATACENTER("datacenter"),
    WORKSTATION("workstation"),
    ANY("any");

    private final String id;

    DeploymentChoice(String id) {
        this.id = id;
    }

    /** The word flags, YAML and Groovy use; JSON writes it too. */
    @JsonValue
    @Override
    public String id() { return id; }

    public static Optional<DeploymentChoice> byId(String id) { return Worded.byId(values(), id); }

    public static List<String> ids() { return Worded.ids(values()); }

    @Override
    public String toString() { return id; }
}
