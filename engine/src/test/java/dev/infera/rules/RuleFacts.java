package dev.infera.rules;

import dev.infera.TestCatalog;
import dev.infera.TestRules;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import dev.infera.plan.Candidate;
import dev.infera.plan.DeploymentSpec;
import dev.infera.workload.Costing;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;

import java.util.List;

/**
 * The facts of a focused rule test: candidates built from the shipped catalog, estimated and given the
 * catalog's error bands as the advisor's candidate generator does, judged in one Drools session over the shipped rules (compiled once per JVM).
 */
final class RuleFacts {
    static final Catalog CATALOG = TestCatalog.shipped();
    private static final Estimator ESTIMATOR = new Estimator(CATALOG.assumptions());

    private RuleFacts() {}

    static Candidate candidate(int id, String model, String gpu, int tp, int pp, String weights, int batch, int input, int output) {
        return candidate(id, model, gpu, 0, tp, pp, weights, null, batch, input, output);
    }

    /** {@code gpus} 0 means one replica of tp x pp; {@code kv} null means the weights' default. */
    static Candidate candidate(int id, String model, String gpu, int gpus, int tp, int pp, String weights, String kv,
                               int batch, int input, int output) {
        Deployment d = new DeploymentSpec(model, gpu, gpus, tp, pp, weights, kv, "vllm", batch, input, output).resolve(CATALOG);
        return new Candidate(id, d, ESTIMATOR.estimate(d, CATALOG.price(d.gpu()).orElse(null)), CATALOG.errorBands());
    }

    /** {@code c}'s deployment with the model's speculator {@code idOrKind} (eagle, mtp, or a draft model id), estimated afresh. */
    static Candidate speculating(int id, Candidate c, String idOrKind) {
        Deployment d = c.deployment().withSpeculator(CATALOG.speculator(c.deployment().model(), idOrKind));
        return new Candidate(id, d, ESTIMATOR.estimate(d, CATALOG.price(d.gpu()).orElse(null)), CATALOG.errorBands());
    }

    /** {@code c}'s twin with a prefix cache of {@code tokens} hit by a share {@code hit} of requests, beside {@code c} as advise builds it. */
    static Candidate prefixCached(int id, Candidate c, int tokens, double hit) {
        Deployment d = c.deployment().withPrefix(tokens, hit);
        return Candidate.prefixCached(id, d, ESTIMATOR.estimate(d, CATALOG.price(d.gpu()).orElse(null)), CATALOG.errorBands(), c.estimate());
    }

    /** Every finding of one session over the scenario and the candidates. */
    static List<Finding> run(ScenarioBuilder scenario, Candidate... candidates) {
        Scenario s = Costing.resolve(scenario.build(), CATALOG);
        return RuleRun.run(TestRules.shipped(), s, List.of(candidates)).all();
    }

    /** The findings of {@code rule} on candidate {@code candidate}. */
    static List<Finding> of(List<Finding> findings, String rule, int candidate) {
        return findings.stream().filter(f -> f.rule().equals(rule) && f.candidateId() == candidate).toList();
    }

    /** The one finding of {@code rule} on candidate {@code candidate}; fails when there is none or several. */
    static Finding one(List<Finding> findings, String rule, int candidate) {
        List<Finding> of = of(findings, rule, candidate);
        if (of.size() != 1) {
            throw new AssertionError(of.size() + " findings of \"" + rule + "\" on #" + candidate + "; all: " + findings);
        }
        return of.get(0);
    }

    static boolean fires(List<Finding> findings, String rule) {
        return findings.stream().anyMatch(f -> f.rule().equals(rule));
    }

    /** A one-user chat on a workstation (no licence, region or price constraints in the way). */
    static ScenarioBuilder chat(String model) {
        return new ScenarioBuilder().model(model).kind("chat").context(2048).users(1).deployment("workstation");
    }
}
