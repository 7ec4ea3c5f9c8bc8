package dev.infera.advice;

import dev.infera.plan.Candidate;
import dev.infera.rules.Finding;

import java.util.List;

/** A candidate a rule ruled out, with every rule that did. */
public record Rejection(Candidate candidate, List<Finding> reasons) {}
