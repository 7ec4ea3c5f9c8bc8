package dev.infera.report;

import dev.infera.advice.ArchitectureLabel;
import dev.infera.plan.EstimateColumns;

import dev.infera.advice.Advice;
import dev.infera.advice.Recommendation;
import dev.infera.advice.Rejection;
import dev.infera.plan.Candidate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The full structure of an advice as JSON: scenario, every candidate with its estimate and findings. */
public final class AdviceJson {
    private AdviceJson() {}

    public static Map<String, Object> document(Advice advice, boolean explain) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", advice.scenario());
        doc.put("candidates", advice.candidates());
        doc.put("catalog_fingerprint", advice.catalogFingerprint());
        doc.put("rules_fingerprint", advice.rulesFingerprint());
        doc.put("scenario_findings", advice.scenarioFindings());
        List<Object> ranked = new ArrayList<>();
        for (Recommendation r : advice.ranked()) {
            Map<String, Object> entry = candidate(r.candidate(), explain);
            entry.put("rank", r.rank());
            entry.put("score", EstimateColumns.round(r.score(), 2));
            if (r.clamped()) {
                // The score is the 0-100 scale's end; what the findings added to stays readable.
                entry.put("points_sum", EstimateColumns.round(r.pointsSum(), 2));
            }
            entry.put("findings", r.findings());
            ranked.add(entry);
        }
        doc.put("ranked", ranked);
        List<Object> rejected = new ArrayList<>();
        for (Rejection r : advice.rejected()) {
            Map<String, Object> entry = candidate(r.candidate(), false);
            entry.put("reasons", r.reasons());
            entry.put("findings", r.findings());
            rejected.add(entry);
        }
        doc.put("rejected", rejected);
        return doc;
    }

    private static Map<String, Object> candidate(Candidate c, boolean explain) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", c.getId());
        entry.put("architecture", ArchitectureLabel.of(c));
        entry.put("gpu", c.getGpu());
        entry.put("server", c.getServer());
        entry.put("gpus", c.getGpus());
        entry.put("tp", c.getTp());
        entry.put("pp", c.getPp());
        entry.put("replicas", c.getReplicas());
        entry.put("weights", c.getWeights());
        entry.put("kv", c.getKv());
        entry.put("engine", c.getEngine());
        entry.put("link", c.getLinkKind());
        entry.put("estimate", EstimateColumns.out(c.deployment(), c.estimate()));
        if (c.isDisaggregated()) {
            // The split's own numbers; "estimate" above stays the same GPUs as colocated replicas, what it is compared with.
            entry.put("disaggregated", DisaggregationText.document(c.split().deployment(), c.split().estimate(), c.estimate(), false));
        }
        entry.put("prices_charged", ProcurementLines.chargedJson(c));
        if (c.isPrefixCached()) {
            // What the cache saves against the same deployment with it off (its plain twin), beside the cache's own numbers.
            Map<String, Object> prefix = EstimateText.prefixCache(c.estimate());
            prefix.put("ttft_ms_without_prefix_cache", EstimateColumns.round(c.getTtftMsWithoutPrefixCache(), 3));
            prefix.put("ttft_saved_ms", EstimateColumns.round(c.getTtftSavedMs(), 3));
            prefix.put("gpu_hours_saved_per_million_requests", EstimateColumns.round(c.getGpuHoursSavedPerMillionRequests(), 3));
            entry.put("prefix_cache", prefix);
        }
        Map<String, Object> procurement = ProcurementLines.json(c);
        if (procurement != null) {
            entry.put("procurement", procurement);
        }
        if (c.isSimulated()) {
            entry.put("simulation", c.simulation() != null ? SimulationText.document(c.simulation(), dev.infera.sim.Sla.NONE)
                    : SimulationText.document(c.splitSimulation(), dev.infera.sim.Sla.NONE));
        }
        if (explain) {
            entry.put("explain", DisaggregationText.derivations(c));
        }
        return entry;
    }
}
