package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Interconnect;
import dev.infera.physics.Deployment;
import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.physics.DisaggregatedEstimate;
import dev.infera.physics.DisaggregatedEstimator;
import dev.infera.physics.Disaggregation;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.plan.DeploymentSpec;
import dev.infera.report.DisaggregationText;
import dev.infera.text.Json;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** `estimate --disaggregate xPyD` with each pool's GPU and TP: checked, estimated in closed form, printed. */
public final class DisaggregationOptions {
    @Option(names = "--disaggregate", paramLabel = "xPyD", description = "Split prefill and decode: x prefill workers and y decode workers (e.g. 1P3D), KV sent per request between them; needs --rate or --users.")
    String split;

    @Option(names = "--prefill-gpu", completionCandidates = CatalogIds.Hardware.class, paramLabel = "ID", description = "With --disaggregate: GPU or server of a prefill worker (default: --gpu).")
    String prefillGpu;

    @Option(names = "--prefill-tp", paramLabel = "N", description = "With --disaggregate: TP of a prefill worker (default: --tp).")
    Integer prefillTp;

    @Option(names = "--decode-gpu", completionCandidates = CatalogIds.Hardware.class, paramLabel = "ID", description = "With --disaggregate: GPU or server of a decode worker (default: --gpu).")
    String decodeGpu;

    @Option(names = "--decode-tp", paramLabel = "N", description = "With --disaggregate: TP of a decode worker (default: --tp).")
    Integer decodeTp;

    @Option(names = "--kv-link", paramLabel = "ID", description = "With --disaggregate: interconnect the KV travels over (default: the node's own when both pools fit in one node, else the network between nodes).")
    String kvLink;

    boolean given() {
        return split != null;
    }

    /** The pool flags without --disaggregate would be silently ignored: an error. */
    void refuseWithout() {
        if (split == null) {
            for (Object[] flag : new Object[][] {{"--prefill-gpu", prefillGpu}, {"--prefill-tp", prefillTp}, {"--decode-gpu", decodeGpu},
                    {"--decode-tp", decodeTp}, {"--kv-link", kvLink}}) {
                if (flag[1] != null) {
                    throw new BadInputException(flag[0] + " needs --disaggregate xPyD (it describes one of the two pools)");
                }
            }
        }
    }

    /** Flags that describe a colocated replica or a simulated load, given with --disaggregate, which is neither. */
    static void refuse(String flag, boolean given, String why) {
        if (given) {
            throw new BadInputException(flag + " does not apply with --disaggregate: " + why);
        }
    }

    /**
     * What the pools add to the plain split (null: none): --prefix-tokens and --prefix-hit, the prefill pool's prefix cache;
     * --speculator, --draft-tokens and --acceptance, the decode pool's speculator (as advise's twins).
     */
    record Twins(Integer prefixTokens, Double prefixHit, String speculator, Integer draftTokens, Double acceptance) {}

    /**
     * The two pools as asked: {@code base} gives the model, formats, engine and request shape; {@code twins} the prefill pool's
     * prefix cache (the decode pool caches nothing) and the decode pool's speculator (the prefill pool, which makes one
     * token per request, drafts none).
     */
    DisaggregatedDeployment resolve(Catalog catalog, DeploymentSpec base, Twins twins) {
        int[] xy = Disaggregation.parseSplit(split);
        if (xy == null) {
            throw new BadInputException("--disaggregate must be xPyD (x prefill and y decode workers, e.g. 1P3D), got '" + split + "'");
        }
        Limits.atLeast("--disaggregate prefill workers", xy[0], 1);
        Limits.atLeast("--disaggregate decode workers", xy[1], 1);
        int tpPrefill = prefillTp == null ? base.tp() : prefillTp;
        int tpDecode = decodeTp == null ? base.tp() : decodeTp;
        Limits.atLeast("--prefill-tp", tpPrefill, 1);
        Limits.atLeast("--decode-tp", tpDecode, 1);
        Deployment prefill = PrefixOptions.apply(pool(catalog, base, prefillGpu, tpPrefill, xy[0]), twins.prefixTokens(), twins.prefixHit());
        Deployment decode = SpeculatorOptions.apply(pool(catalog, base, decodeGpu, tpDecode, xy[1]), catalog, twins.speculator(),
                twins.draftTokens(), twins.acceptance());
        if (!prefill.engine().serving().disaggregates()) {
            throw new BadInputException(prefill.engine().name() + " does not serve disaggregated prefill and decode (engines.yaml states no disaggregation): try --engine vllm, sglang or trtllm");
        }
        Interconnect link = kvLink != null ? catalog.interconnect(kvLink) : DisaggregatedDeployment.defaultLink(prefill, decode);
        if (link == null) {
            throw new BadInputException("no link between the pools: " + prefill.server().name() + " and " + decode.server().name()
                    + " name no inter-node link and the pools do not fit in one node; name one with --kv-link ID (e.g. roce-400g)");
        }
        return new DisaggregatedDeployment(prefill, decode, link);
    }

    private static Deployment pool(Catalog catalog, DeploymentSpec base, String hardware, int tp, int workers) {
        return new DeploymentSpec(base.model(), hardware == null ? base.hardware() : hardware, tp * workers, tp, 1,
                base.weights(), base.kv(), base.engine(), 1, base.inputTokens(), base.outputTokens()).resolve(catalog);
    }

    /**
     * Estimates and prints, then simulates the split under {@code load} ({@link dev.infera.sim.DisaggregatedSimulation}); the
     * colocated replicas on the same GPUs are shown beside it when both pools are alike. At a rate, as given; with users, at the
     * rate they send in a closed loop, starting from the colocated replicas' request time.
     */
    void run(Catalog catalog, Estimator estimator, DeploymentSpec base, Twins twins, dev.infera.sim.LoadSpec load,
            dev.infera.sim.Sla sla, boolean json, boolean explain, PrintWriter out) {
        DisaggregatedDeployment d = resolve(catalog, base, twins);
        var prefillPrice = catalog.price(d.prefill().gpu()).orElse(null);
        var decodePrice = catalog.price(d.decode().gpu()).orElse(null);
        // The colocated replicas on the same GPUs cache the same prefix as the prefill pool (each replica prefills its own
        // prompts) and run the decode pool's speculator (each replica decodes its own).
        Deployment colocatedDeployment = d.homogeneous()
                ? d.prefill().withSpeculator(d.decode().speculator()).withReplicas(d.prefillWorkers() + d.decodeWorkers()) : null;
        Estimate colocated = null;
        DisaggregatedEstimator disaggregated = new DisaggregatedEstimator(estimator);
        DisaggregatedEstimate e;
        if (load.closedLoop()) {
            colocated = colocatedDeployment == null ? null
                    : estimator.estimate(colocatedDeployment.withBatch(Deployment.batchPerReplica(load.users(), colocatedDeployment.replicas())), decodePrice);
            e = disaggregated.atUsers(d, load.users(), prefillPrice, decodePrice);
        } else {
            colocated = colocatedDeployment == null ? null : estimator.estimateAtRate(colocatedDeployment, load.requestsPerS(), decodePrice);
            e = disaggregated.atRate(d, load.requestsPerS(), prefillPrice, decodePrice);
        }
        dev.infera.sim.DisaggregatedSimulation.Result simulated = dev.infera.sim.DisaggregatedSimulation.run(d, estimator, load, sla);
        if (json) {
            var document = DisaggregationText.document(d, e, colocated, explain);
            document.put("simulation", dev.infera.report.SimulationText.document(simulated, sla));
            out.println(Json.pretty(document));
        } else {
            out.print(DisaggregationText.render(d, e, colocated, explain));
            out.print(dev.infera.report.SimulationText.render(simulated, sla));
        }
    }
}
