package dev.infera.advice;

import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.plan.Candidate;

/**
 * The words a reader sees for a candidate (#13): its architecture ("2x A100 SXM4 80GB, TP=2 over NVLink 3, FP16, vLLM")
 * and its family. The rules' fact ({@link Candidate}) carries numbers and properties, not wording; this is the one place
 * that turns them into a label. It sits in advice, the lowest layer that shows one (Advice's "closest:" sentence).
 * Grouping uses {@link Candidate#architectureKey()}, not these words.
 */
public final class ArchitectureLabel {
    private ArchitectureLabel() {}

    /**
     * "2x A100 SXM4 80GB, TP=2 over NVLink 3, 2 replicas, FP16, vLLM"; a heterogeneous split names each pool with its own
     * count: "6x H100 SXM 80GB, ..., disaggregated 3P1D, decode on 2x H200 SXM 141GB over ...".
     */
    public static String of(Candidate c) {
        DisaggregatedDeployment split = c.isDisaggregated() ? c.split().deployment() : null;
        boolean heterogeneous = split != null && !split.homogeneous();
        StringBuilder words = new StringBuilder();
        // A heterogeneous split's head is its prefill pool (the decode pool follows); otherwise every GPU is the one part.
        int headGpus = heterogeneous ? split.prefill().totalGpus() : c.getGpus();
        words.append(headGpus).append("x ").append(c.getGpuName());
        if (c.getTp() > 1) {
            words.append(", TP=").append(c.getTp()).append(" over ").append(c.getLinkName());
        }
        if (c.getPp() > 1) {
            words.append(", PP=").append(c.getPp());
        }
        if (c.getReplicas() > 1) {
            words.append(", ").append(c.getReplicas()).append(" replicas");
        }
        words.append(", ").append(c.getWeights().toUpperCase());
        // The KV format is named where it differs from the weights' format, but not for int4 (W4A16) weights over the FP16
        // cache they compute in (formats.yaml: computePrecision fp16).
        if (!c.getKv().equals(c.getWeights()) && !(c.getKv().equals("fp16") && c.getWeights().equals("int4"))) {
            words.append(" (KV ").append(c.getKv().toUpperCase()).append(")");
        }
        words.append(", ").append(c.deployment().engine().name());
        if (split != null) {
            words.append(", disaggregated ").append(c.getSplit());
            if (heterogeneous) {
                words.append(", decode on ").append(split.decode().totalGpus()).append("x ").append(split.decode().gpu().name());
            }
            words.append(" over ").append(c.getKvLinkName().isEmpty() ? "no link" : split.link().shortName());
        }
        if (c.isPrefixCached()) {
            words.append(", prefix cache ").append(c.getPrefixTokens()).append(" tokens at ").append(Math.round(c.getPrefixHitRate() * 100)).append(" % hit");
        }
        if (c.isSpeculating()) {
            words.append(", speculating with ").append(c.estimate().speculation().speculator().describe());
        }
        return words.toString();
    }

    /** A family of similar candidates for summaries: GPU, parallel shape and weight format, not replicas or engine ("H100 SXM 80GB TP=4 FP8"). */
    public static String family(Candidate c) {
        return c.getGpuName() + " " + (c.getTp() > 1 ? "TP=" + c.getTp() + " " : "") + (c.getPp() > 1 ? "PP=" + c.getPp() + " " : "")
                + c.getWeights().toUpperCase();
    }
}
