package dev.infera.report;

import dev.infera.plan.EstimateColumns;
import dev.infera.sim.DisaggregatedSimulation;
import dev.infera.sim.Distribution;
import dev.infera.sim.SimResult;
import dev.infera.sim.Simulation;
import dev.infera.sim.Sla;
import dev.infera.text.Numbers;
import dev.infera.text.TextTable;

import java.util.LinkedHashMap;
import java.util.Map;

/** A simulated load as `infera estimate --rate` shows it: a table of percentiles, or the JSON "simulation" object. */
public final class SimulationText {
    private SimulationText() {}

    public static String render(Simulation.Result s, Sla sla) {
        SimResult r = s.replica();
        StringBuilder out = header(s.spec(), s.load(), r, "per replica");
        String multiStep = s.limits().schedulerSteps() > 1
                ? String.format(", %d decode steps per scheduler call (multi-step)", s.limits().schedulerSteps()) : "";
        out.append(String.format("scheduler: %,d KV blocks of %d tokens (%,d tokens), %,d tokens per step, at most %d sequences%s%n",
                s.limits().kvBlocks(), s.limits().blockTokens(), s.limits().kvBlocks() * s.limits().blockTokens(),
                s.limits().tokenBudget(), s.limits().maxSequences(), multiStep));
        if (r.draftTokens() > 0) {
            out.append(String.format("speculating: k = %d drafts per verification, each accepted at a = %.2f, drawn per sequence and step: "
                            + "%,d verifications yielded %,d tokens = %s per verification (expected (1 - a^(k+1)) / (1 - a) = %s)%n",
                    r.draftTokens(), r.acceptance(), r.verifications(), r.verifiedTokens(), Numbers.fmt(r.tokensPerVerification()),
                    Numbers.fmt(dev.infera.physics.Speculation.expectedTokensPerVerification(r.acceptance(), r.draftTokens()))));
        }
        table(out, r);
        out.append(String.format("achieved %s requests/s", Numbers.fmt(s.achievedRequestsPerS())));
        if (!sla.isEmpty()) {
            out.append(String.format(", goodput %s requests/s within %s", Numbers.fmt(s.goodputRequestsPerS()), describe(sla)));
        }
        out.append(String.format(" (all replicas); preemptions %d, mean running %s sequences, longest queue %d%n",
                r.preemptions(), Numbers.fmt(r.meanRunning()), r.maxWaiting()));
        verdict(out, r, sla);
        if (s.sustainable() != null) {
            out.append(String.format("highest sustainable rate under the SLA: %s requests/s (bisection, %d simulations of %d requests)%n",
                    Numbers.fmt(s.sustainable()), s.sustainableProbes(), dev.infera.sim.SustainableRate.PROBE_REQUESTS));
        }
        return out.toString();
    }

    /** The split simulated ({@code estimate --disaggregate xPyD --rate R}): the pools' queues, then the same table as a replica's. */
    public static String render(DisaggregatedSimulation.Result s, Sla sla) {
        SimResult r = s.split();
        StringBuilder out = header(s.spec(), s.load(), r, "to the split");
        out.append(String.format("split: %d prefill worker%s (one FIFO queue of prompts, one prompt at a time), KV over each one's link; "
                        + "%d decode worker%s of %,d KV blocks of %d tokens (a whole sequence's held from admission), at most %d sequences%n",
                s.prefillWorkers(), s.prefillWorkers() == 1 ? "" : "s", s.decodeWorkers(), s.decodeWorkers() == 1 ? "" : "s", s.decodeLimits().kvBlocks(), s.decodeLimits().blockTokens(),
                Math.min(s.decodeLimits().maxSequences(), s.decodeLimits().tokenBudget())));
        out.append(String.format("mean wait for a prefill worker %s ms, for the link %s ms; mean KV transfer %s ms%n",
                Numbers.fmt(s.prefillWaitMs()), Numbers.fmt(s.transferWaitMs()), Numbers.fmt(s.transferMs())));
        table(out, r);
        out.append(String.format("achieved %s requests/s", Numbers.fmt(r.achievedRequestsPerS())));
        if (!sla.isEmpty()) {
            out.append(String.format(", goodput %s requests/s within %s", Numbers.fmt(r.goodputRequestsPerS()), describe(sla)));
        }
        out.append(String.format(" (the split); mean decoding %s sequences (all decode workers), longest prefill queue %d%n",
                Numbers.fmt(r.meanRunning()), r.maxWaiting()));
        verdict(out, r, sla);
        return out.toString();
    }

    private static StringBuilder header(dev.infera.sim.LoadSpec spec, dev.infera.sim.Load load, SimResult r, String sentTo) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nSimulated: %s, %d requests %s (%s), seed %d%n", spec.describe(), load.requests(), sentTo,
                load.steadyState() ? "steady state: " + r.ttftMs().count() + " measured, first and last tenth left out"
                        : "a finite run: every request counts", load.seed()));
        return out;
    }

    private static void table(StringBuilder out, SimResult r) {
        TextTable table = new TextTable("latency (ms)", "mean", "p50", "p90", "p99");
        row(table, "TTFT", r.ttftMs());
        row(table, "TPOT", r.tpotMs());
        row(table, "end-to-end", r.e2eMs());
        out.append(table.render());
    }

    private static void verdict(StringBuilder out, SimResult r, Sla sla) {
        if (r.rejected() > 0) {
            out.append(String.format("REJECTED: %d requests longer than the whole KV cache%n", r.rejected()));
        }
        if (!sla.isEmpty()) {
            out.append(String.format("SLA %s: %s%n", describe(sla), r.slaMet() ? "met" : "NOT met"));
        }
    }

    /** One line for a ranked row: "20 requests/s (Poisson), 1000 requests per replica: TTFT p50/p90/p99 30/45/80 ms, ...". */
    public static String oneLine(Simulation.Result s) {
        return oneLine(s.spec(), s.load().requests() + " requests per replica", s.replica(), s.achievedRequestsPerS())
                + ", " + s.replica().preemptions() + " preemptions";
    }

    /** One line for a ranked split: "3 requests/s (Poisson), 1000 requests to the 3P1D split: TTFT p50/p90/p99 ...". */
    public static String oneLine(DisaggregatedSimulation.Result s) {
        return oneLine(s.spec(), s.load().requests() + " requests to the " + dev.infera.physics.Disaggregation.split(s.prefillWorkers(), s.decodeWorkers())
                + " split", s.split(), s.split().achievedRequestsPerS()) + ", prefill wait " + Numbers.fmt(s.prefillWaitMs()) + " ms";
    }

    private static String oneLine(dev.infera.sim.LoadSpec spec, String requests, SimResult r, double achieved) {
        return String.format("%s, %s: TTFT p50/p90/p99 %s/%s/%s ms, TPOT p50/p90/p99 %s/%s/%s ms, achieved %s requests/s",
                spec.describe(), requests, Numbers.fmt(r.ttftMs().p50()), Numbers.fmt(r.ttftMs().p90()), Numbers.fmt(r.ttftMs().p99()),
                Numbers.fmt(r.tpotMs().p50()), Numbers.fmt(r.tpotMs().p90()), Numbers.fmt(r.tpotMs().p99()), Numbers.fmt(achieved));
    }

    private static void row(TextTable table, String name, Distribution d) {
        table.row(name, Numbers.fmt(d.mean()), Numbers.fmt(d.p50()), Numbers.fmt(d.p90()), Numbers.fmt(d.p99()));
    }

    /** "TTFT 2000 ms at p99, TPOT 50 ms at p90". */
    public static String describe(Sla sla) {
        StringBuilder b = new StringBuilder();
        if (sla.ttft() != null) {
            b.append("TTFT ").append(sla.ttft().describe());
        }
        if (sla.tpot() != null) {
            b.append(b.length() > 0 ? ", " : "").append("TPOT ").append(sla.tpot().describe());
        }
        return b.toString();
    }

    /** The JSON "simulation" object of the split: the load, its pools' queues and the same latency fields as a replica's. */
    public static Map<String, Object> document(DisaggregatedSimulation.Result s, Sla sla) {
        SimResult r = s.split();
        Map<String, Object> m = loadDocument(s.spec(), s.load(), r, "requests");
        m.put("prefill_workers", s.prefillWorkers());
        m.put("decode_workers", s.decodeWorkers());
        m.put("decode_kv_blocks", s.decodeLimits().kvBlocks());
        m.put("block_tokens", s.decodeLimits().blockTokens());
        m.put("prefill_wait_ms", EstimateColumns.round(s.prefillWaitMs(), 2));
        m.put("kv_link_wait_ms", EstimateColumns.round(s.transferWaitMs(), 2));
        m.put("kv_transfer_ms", EstimateColumns.round(s.transferMs(), 2));
        latencyDocument(m, r, r.achievedRequestsPerS(), r.goodputRequestsPerS(), sla);
        m.put("rejected", r.rejected());
        m.put("mean_decoding", EstimateColumns.round(r.meanRunning(), 2));
        m.put("max_prefill_waiting", r.maxWaiting());
        m.put("decode_steps", r.steps());
        return m;
    }

    private static Map<String, Object> loadDocument(dev.infera.sim.LoadSpec spec, dev.infera.sim.Load load, SimResult r, String requestsKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("load", spec.describe());
        m.put("requests_per_s", Double.isFinite(spec.requestsPerS()) ? spec.requestsPerS() : null);
        m.put("all_at_once", spec.allAtOnce());
        m.put("users", spec.users());
        m.put("cv", spec.cv());
        m.put(requestsKey, load.requests());
        m.put("measured_" + requestsKey, r.ttftMs().count());
        m.put("steady_state", load.steadyState());
        m.put("seed", load.seed());
        return m;
    }

    /** The JSON "simulation" object: names as in the README's glossary (a bare name is the mean). */
    public static Map<String, Object> document(Simulation.Result s, Sla sla) {
        SimResult r = s.replica();
        Map<String, Object> m = loadDocument(s.spec(), s.load(), r, "requests_per_replica");
        m.put("kv_blocks", s.limits().kvBlocks());
        m.put("block_tokens", s.limits().blockTokens());
        m.put("token_budget_per_step", s.limits().tokenBudget());
        m.put("max_sequences", s.limits().maxSequences());
        latencyDocument(m, r, s.achievedRequestsPerS(), s.goodputRequestsPerS(), sla);
        m.put("sustainable_requests_per_s", s.sustainable() == null ? null : EstimateColumns.round(s.sustainable(), 3));
        m.put("preemptions", r.preemptions());
        m.put("rejected", r.rejected());
        m.put("mean_running", EstimateColumns.round(r.meanRunning(), 2));
        m.put("max_waiting", r.maxWaiting());
        m.put("steps", r.steps());
        if (r.draftTokens() > 0) {
            m.put("verifications", r.verifications());
            m.put("tokens_per_verification", EstimateColumns.round(r.tokensPerVerification(), 3));
        }
        return m;
    }

    /** The simulated columns of a CSV row (their served means go in ttft_ms and tpot_ms). */
    public static final java.util.List<String> COLUMNS = java.util.List.of("ttft_ms_p50", "ttft_ms_p90", "ttft_ms_p99",
            "tpot_ms_p50", "tpot_ms_p90", "tpot_ms_p99", "achieved_requests_per_s");

    /** ttft_ms, tpot_ms (simulated means) and {@link #COLUMNS}. */
    public static Map<String, Object> columns(Simulation.Result s) {
        return columns(s.replica(), s.achievedRequestsPerS());
    }

    /** The latency fields: {@link #columns}, end-to-end, goodput and the SLA's verdict. */
    private static void latencyDocument(Map<String, Object> m, SimResult r, double achieved, double goodput, Sla sla) {
        m.putAll(columns(r, achieved));
        m.put("e2e_ms", EstimateColumns.round(r.e2eMs().mean(), 2));
        m.put("e2e_ms_p50", EstimateColumns.round(r.e2eMs().p50(), 2));
        m.put("e2e_ms_p90", EstimateColumns.round(r.e2eMs().p90(), 2));
        m.put("e2e_ms_p99", EstimateColumns.round(r.e2eMs().p99(), 2));
        m.put("goodput_requests_per_s", sla.isEmpty() ? null : EstimateColumns.round(goodput, 3));
        m.put("sla", sla.isEmpty() ? null : describe(sla));
        m.put("sla_met", sla.isEmpty() ? null : r.slaMet());
    }

    private static Map<String, Object> columns(SimResult r, double achieved) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ttft_ms", EstimateColumns.round(r.ttftMs().mean(), 2));
        m.put("ttft_ms_p50", EstimateColumns.round(r.ttftMs().p50(), 2));
        m.put("ttft_ms_p90", EstimateColumns.round(r.ttftMs().p90(), 2));
        m.put("ttft_ms_p99", EstimateColumns.round(r.ttftMs().p99(), 2));
        m.put("tpot_ms", EstimateColumns.round(r.tpotMs().mean(), 3));
        m.put("tpot_ms_p50", EstimateColumns.round(r.tpotMs().p50(), 3));
        m.put("tpot_ms_p90", EstimateColumns.round(r.tpotMs().p90(), 3));
        m.put("tpot_ms_p99", EstimateColumns.round(r.tpotMs().p99(), 3));
        m.put("achieved_requests_per_s", EstimateColumns.round(achieved, 3));
        return m;
    }
}
