package dev.infera.report;

import dev.infera.plan.EstimateColumns;
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
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nSimulated: %s, %d requests per replica (%s), seed %d%n", s.spec().describe(), s.load().requests(),
                s.load().steadyState() ? "steady state: " + r.ttftMs().count() + " measured, first and last tenth left out"
                        : "a finite run: every request counts", s.load().seed()));
        out.append(String.format("scheduler: %,d KV blocks of %d tokens (%,d tokens), %,d tokens per step, at most %d sequences%n",
                s.limits().kvBlocks(), s.limits().blockTokens(), s.limits().kvBlocks() * s.limits().blockTokens(),
                s.limits().tokenBudget(), s.limits().maxSequences()));
        if (r.draftTokens() > 0) {
            out.append(String.format("speculating: k = %d drafts per verification, each accepted at a = %.2f, drawn per sequence and step: "
                            + "%,d verifications yielded %,d tokens = %s per verification (expected (1 - a^(k+1)) / (1 - a) = %s)%n",
                    r.draftTokens(), r.acceptance(), r.verifications(), r.verifiedTokens(), Numbers.fmt(r.tokensPerVerification()),
                    Numbers.fmt(dev.infera.physics.Speculation.expectedTokensPerVerification(r.acceptance(), r.draftTokens()))));
        }
        TextTable table = new TextTable("latency (ms)", "mean", "p50", "p90", "p99");
        row(table, "TTFT", r.ttftMs());
        row(table, "TPOT", r.tpotMs());
        row(table, "end-to-end", r.e2eMs());
        out.append(table.render());
        out.append(String.format("achieved %s requests/s", Numbers.fmt(s.achievedRequestsPerS())));
        if (!sla.isEmpty()) {
            out.append(String.format(", goodput %s requests/s within %s", Numbers.fmt(s.goodputRequestsPerS()), describe(sla)));
        }
        out.append(String.format(" (all replicas); preemptions %d, mean running %s sequences, longest queue %d%n",
                r.preemptions(), Numbers.fmt(r.meanRunning()), r.maxWaiting()));
        if (r.rejected() > 0) {
            out.append(String.format("REJECTED: %d requests longer than the whole KV cache%n", r.rejected()));
        }
        if (!sla.isEmpty()) {
            out.append(String.format("SLA %s: %s%n", describe(sla), r.slaMet() ? "met" : "NOT met"));
        }
        if (s.sustainable() != null) {
            out.append(String.format("highest sustainable rate under the SLA: %s requests/s (bisection, %d simulations of %d requests)%n",
                    Numbers.fmt(s.sustainable()), s.sustainableProbes(), dev.infera.sim.SustainableRate.PROBE_REQUESTS));
        }
        return out.toString();
    }

    /** One line for a ranked row: "20 requests/s (Poisson), 1000 requests per replica: TTFT p50/p90/p99 30/45/80 ms, ...". */
    public static String oneLine(Simulation.Result s) {
        SimResult r = s.replica();
        return String.format("%s, %d requests per replica: TTFT p50/p90/p99 %s/%s/%s ms, TPOT p50/p90/p99 %s/%s/%s ms, achieved %s requests/s, %d preemptions",
                s.spec().describe(), s.load().requests(), Numbers.fmt(r.ttftMs().p50()), Numbers.fmt(r.ttftMs().p90()), Numbers.fmt(r.ttftMs().p99()),
                Numbers.fmt(r.tpotMs().p50()), Numbers.fmt(r.tpotMs().p90()), Numbers.fmt(r.tpotMs().p99()),
                Numbers.fmt(s.achievedRequestsPerS()), r.preemptions());
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

    /** The JSON "simulation" object: names as in the README's glossary (a bare name is the mean). */
    public static Map<String, Object> document(Simulation.Result s, Sla sla) {
        SimResult r = s.replica();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("load", s.spec().describe());
        m.put("requests_per_s", Double.isFinite(s.spec().requestsPerS()) ? s.spec().requestsPerS() : null);
        m.put("all_at_once", s.spec().allAtOnce());
        m.put("users", s.spec().users());
        m.put("cv", s.spec().cv());
        m.put("requests_per_replica", s.load().requests());
        m.put("measured_requests_per_replica", r.ttftMs().count());
        m.put("steady_state", s.load().steadyState());
        m.put("seed", s.load().seed());
        m.put("kv_blocks", s.limits().kvBlocks());
        m.put("block_tokens", s.limits().blockTokens());
        m.put("token_budget_per_step", s.limits().tokenBudget());
        m.put("max_sequences", s.limits().maxSequences());
        m.putAll(columns(s));
        m.put("e2e_ms", EstimateColumns.round(r.e2eMs().mean(), 2));
        m.put("e2e_ms_p50", EstimateColumns.round(r.e2eMs().p50(), 2));
        m.put("e2e_ms_p90", EstimateColumns.round(r.e2eMs().p90(), 2));
        m.put("e2e_ms_p99", EstimateColumns.round(r.e2eMs().p99(), 2));
        m.put("goodput_requests_per_s", sla.isEmpty() ? null : EstimateColumns.round(s.goodputRequestsPerS(), 3));
        m.put("sla", sla.isEmpty() ? null : describe(sla));
        m.put("sla_met", sla.isEmpty() ? null : r.slaMet());
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
        SimResult r = s.replica();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ttft_ms", EstimateColumns.round(r.ttftMs().mean(), 2));
        m.put("ttft_ms_p50", EstimateColumns.round(r.ttftMs().p50(), 2));
        m.put("ttft_ms_p90", EstimateColumns.round(r.ttftMs().p90(), 2));
        m.put("ttft_ms_p99", EstimateColumns.round(r.ttftMs().p99(), 2));
        m.put("tpot_ms", EstimateColumns.round(r.tpotMs().mean(), 3));
        m.put("tpot_ms_p50", EstimateColumns.round(r.tpotMs().p50(), 3));
        m.put("tpot_ms_p90", EstimateColumns.round(r.tpotMs().p90(), 3));
        m.put("tpot_ms_p99", EstimateColumns.round(r.tpotMs().p99(), 3));
        m.put("achieved_requests_per_s", EstimateColumns.round(s.achievedRequestsPerS(), 3));
        return m;
    }
}
