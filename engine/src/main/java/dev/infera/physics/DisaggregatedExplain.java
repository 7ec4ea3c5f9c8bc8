package dev.infera.physics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Show your work" for a {@link DisaggregatedEstimate}: each formula with its values, in the order the numbers are made. */
public final class DisaggregatedExplain {
    private DisaggregatedExplain() {}

    public static List<Explain.Derivation> of(DisaggregatedDeployment d, DisaggregatedEstimate e) {
        List<Explain.Derivation> out = new ArrayList<>();
        Deployment p = d.prefill();
        Deployment q = d.decode();
        double prefillS = e.prefillMs() / 1000;
        if (p.cachesPrefix()) {
            // The prefill pool alone caches the prefix: a hit prefills only the uncached tokens (PrefixCache), as estimate's line.
            out.add(new Explain.Derivation("prompt tokens prefilled (prefix cache, prefill pool)", "max(1, ceil(prompt - hit rate x prefix))",
                    f("max(1, ceil(%d - %s x %d))", p.inputTokens(), Explain.n(p.prefixHitRate()), p.prefixTokens()),
                    f("%d tokens", e.prefill().uncachedPrefillTokens())));
        }
        out.add(new Explain.Derivation("prefill per request (one prefill worker, TTFT alone)", "as estimate's TTFT alone on " + p.tensorParallel() + "x " + p.gpu().name(),
                f("prompt %d tokens", p.inputTokens()) + (p.cachesPrefix() ? f(", %d of them prefilled", e.prefill().uncachedPrefillTokens()) : ""),
                f("%.1f ms", e.prefillMs())));
        out.add(new Explain.Derivation("prefill utilisation", "rate x prefill / x",
                f("%.3f /s x %.4f s / %d", e.requestsPerS(), prefillS, d.prefillWorkers()), f("%.3f", e.prefillUtilisation())));
        int users = e.closedLoopUsers();
        out.add(e.waitsForThePools()
                ? new Explain.Derivation("wait for the pools (closed loop: the users send more than the pools carry)",
                        "N / rate x 1000 - output x TPOT - prefill - transfer, ms (response-time law)",
                        f("%d / %s x 1000 - %d x %s - %s - %s", users, Explain.n(e.requestsPerS()), q.outputTokens(), Explain.n(e.tpotMs()),
                                Explain.n(e.prefillMs()), Explain.n(e.kvTransferMs())), Explain.n(e.prefillWaitMs()) + " ms")
                : users > 0
                ? new Explain.Derivation("prefill queue wait (M/D/1, at most every other user's prompt)", "min(rho / (2 (1 - rho)) x prefill, (N - 1) x prefill / x), ms",
                        f("min(%s / (2 x (1 - %s)) x %s, (%d - 1) x %s / %d)", Explain.n(e.prefillUtilisation()), Explain.n(e.prefillUtilisation()),
                                Explain.n(e.prefillMs()), users, Explain.n(e.prefillMs()), d.prefillWorkers()), Explain.n(e.prefillWaitMs()) + " ms")
                : new Explain.Derivation("prefill queue wait (M/D/1)", "rho / (2 (1 - rho)) x prefill",
                        f("%.3f / (2 x (1 - %.3f)) x %.1f ms", e.prefillUtilisation(), e.prefillUtilisation(), e.prefillMs()), f("%.1f ms", e.prefillWaitMs())));
        // The whole prompt's KV is sent, cached prefix included: the decode pool caches nothing and holds the whole sequence.
        out.add(new Explain.Derivation("KV sent per request", "KV bytes per token x prompt tokens" + (p.cachesPrefix() ? " (the whole prompt, cached prefix included)" : ""),
                f("%.0f B x %d", e.prefill().kvBytesPerToken(), p.inputTokens()), f("%.3f GB", e.kvTransferBytes() / Units.GB)));
        out.add(new Explain.Derivation("KV transfer", "latency + bytes / (streams x link GB/s), streams = min(KV shards of each side)",
                d.link() == null ? "no link between the pools"
                        : f("%.0f us + %.3f GB / (%d x %.1f GB/s over %s)", e.kvLatencyUs(),
                                e.kvTransferBytes() / Units.GB, e.kvStreams(), d.link().unidirectionalGbs(), d.link().name()),
                f("%.2f ms", e.kvTransferMs())));
        out.add(new Explain.Derivation("served TTFT", "prefill + wait + transfer",
                f("%.1f + %.1f + %.2f ms", e.prefillMs(), e.prefillWaitMs(), e.kvTransferMs()), f("%.1f ms", e.ttftMs())));
        out.add(new Explain.Derivation("sequences per decode worker (Little's law)", "rate / y x output x TPOT, at most " + e.decodeMaxBatch() + " (what fits)",
                f("%.3f / %d x %d x %.2f ms", e.requestsPerS(), d.decodeWorkers(), q.outputTokens(), e.tpotMs()), f("%d", e.decodeBatch())));
        SpeculativeStep spec = e.decode().speculation();
        if (spec == null) {
            out.add(new Explain.Derivation("served TPOT", "decode step at that batch (no prompt interleaved)",
                    f("decode step of %d sequences on %dx %s", e.decodeBatch(), q.tensorParallel(), q.gpu().name()), f("%.2f ms", e.tpotMs())));
        } else {
            // The decode pool alone runs the speculator: its step per token as estimate's, at the decode batch.
            int k = spec.speculator().draftTokens();
            double a = spec.speculator().acceptance();
            out.add(new Explain.Derivation("tokens per verification (decode pool's " + spec.speculator().kind().id() + ", k = " + k + ")",
                    "(1 - a^(k+1)) / (1 - a)", f("(1 - %s^%d) / (1 - %s)", Explain.n(a), k + 1, Explain.n(a)),
                    f("%s tokens", Explain.n(spec.tokensPerVerification()))));
            out.add(new Explain.Derivation("served TPOT (with the speculator, no prompt interleaved)",
                    "(verification + k x draft step) / tokens per verification, at " + e.decodeBatch() + " sequences on " + q.tensorParallel() + "x " + q.gpu().name(),
                    f("(%s + %d x %s) / %s", Explain.n(spec.verificationMs()), k, Explain.n(spec.draftStepMs()), Explain.n(spec.tokensPerVerification())),
                    f("%s ms", Explain.n(e.tpotMs()))));
        }
        out.add(new Explain.Derivation("capacity", "min(x / prefill, y x B_max / (output x step(B_max)))",
                f("min(%d / %.4f s, %d x %d / (%d x %.2f ms))", d.prefillWorkers(), prefillS, d.decodeWorkers(), e.decodeMaxBatch(), q.outputTokens(), e.stepAtMaxBatchMs()),
                f("%.2f requests/s", e.capacityRequestsPerS())));
        out.add(new Explain.Derivation("throughput", "min(rate, capacity) x output",
                f("min(%.3f, %.3f) x %d", e.requestsPerS(), e.capacityRequestsPerS(), q.outputTokens()), f("%.0f tokens/s", e.outputTokensPerS())));
        if (!Double.isNaN(e.usdPerMillionTokens())) {
            out.add(new Explain.Derivation("cost", "$/h of both pools / (tokens/s x 3600) x 10^6",
                    f("%.2f / (%.0f x 3600) x 10^6", e.usdPerHour(), e.outputTokensPerS()), f("$%.3f per million output tokens", e.usdPerMillionTokens())));
        }
        return out;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
