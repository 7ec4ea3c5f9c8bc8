package dev.infera.workload;

/** One question to advise on: a workload under constraints. */
public record Scenario(String name, Workload workload, Constraints constraints) {}
