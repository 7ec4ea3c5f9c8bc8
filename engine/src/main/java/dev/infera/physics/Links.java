package dev.infera.physics;

import dev.infera.catalog.Assumptions;
import dev.infera.catalog.Efficiency;
import dev.infera.catalog.Interconnect;

/**
 * The links a replica's GPUs talk over, chosen here and nowhere else: tensor parallelism all-reduces over the
 * node's link, or the network between nodes when TP spans nodes; pipeline stages pass activations over the network
 * when a replica spans nodes, else the node's own link.
 *
 * @param tensorParallel     the link tensor parallelism all-reduces over
 * @param busGbs             its ring all-reduce bus bandwidth: measured where known, else its speed x the link efficiency
 * @param linkLatencyUs      latency of one all-reduce of two GPUs: the engine's over NVLink-class fabrics, the catalog's over PCIe or a network
 * @param allReduceLatencyUs that latency at the deployment's TP ({@link StepOverhead#allReduceLatencyUs})
 * @param pipeline           the link pipeline stages send activations over
 * @param hopLatencyUs       latency of one point-to-point send between stages
 */
public record Links(Interconnect tensorParallel, double busGbs, double linkLatencyUs, double allReduceLatencyUs,
        Interconnect pipeline, double hopLatencyUs) {

    public static Links of(Deployment d, Efficiency eff, Assumptions assumptions) {
        Interconnect tp = tensorParallelLink(d);
        double latencyUs = linkLatencyUs(tp, eff, assumptions);
        return new Links(tp, busGbs(tp, assumptions), latencyUs,
                StepOverhead.allReduceLatencyUs(latencyUs, d.tensorParallel(), d.engine().serving().fusedAllReduce()),
                pipelineLink(d), assumptions.pipelineHopLatencyUs());
    }

    /** The link tensor parallelism all-reduces over: the node's own, or the network between nodes when TP spans nodes. */
    public static Interconnect tensorParallelLink(Deployment d) {
        return d.tensorParallelCrossesNodes() && d.server().interNodeLink() != null ? d.server().interNodeLink() : d.server().intraNodeLink();
    }

    /** The link pipeline stages pass activations over: the network when a replica spans nodes, else the node's own. */
    public static Interconnect pipelineLink(Deployment d) {
        return d.gpusPerReplica() > d.server().gpus() && d.server().interNodeLink() != null ? d.server().interNodeLink() : d.server().intraNodeLink();
    }

    /** Whether tensor parallelism all-reduces over a scale-up fabric (NVLink, NVSwitch, xGMI). */
    public boolean tensorParallelOverScaleUpFabric() {
        return tensorParallel.isScaleUpFabric();
    }

    /** Ring all-reduce bus bandwidth: measured where known, else the link's speed x efficiency. */
    static double busGbs(Interconnect link, Assumptions assumptions) {
        return link.allReduceBusGbs() != null ? link.allReduceBusGbs() : link.unidirectionalGbs() * assumptions.linkEfficiency();
    }

    /** Latency of one all-reduce: the engine's over NVLink-class fabrics, the catalog's over PCIe or a network. */
    static double linkLatencyUs(Interconnect link, Efficiency eff, Assumptions assumptions) {
        if (link.isScaleUpFabric()) {
            return eff.allReduceLatencyUs();
        }
        return link.isPcie() ? assumptions.pcieAllReduceLatencyUs() : assumptions.networkAllReduceLatencyUs();
    }
}
