package dev.infera.workload;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What the model must serve: the scenario kind, request shape, load and SLA targets. Targets are
 * null when the user gave none (the rules' decision table then supplies the scenario's defaults).
 *
 * @param users             concurrent sequences in flight (chat users, agent sessions, offline batch slots wanted)
 * @param requestsPerS      arrival rate; without users the concurrency follows from it (see {@link #concurrencyFromRate()})
 * @param documents         offline: number of requests in the job
 * @param deadlineHours     offline: hours the job may take
 * @param throughputTarget  output tokens/s the whole deployment must sustain
 * @param contextExtension  how the model is served beyond its maximum context (e.g. "YaRN factor 4"), or null: not extended
 * @param minQuality        the lowest weight-format quality class the scenario accepts, or null: the thresholds table's
 * @param ttftPercentile    the percentile the TTFT target is judged on (50, 90, 99; `--ttft 2000@p99`), or null: the mean
 * @param tpotPercentile    the same for the TPOT target
 * @param prefixTokens      prompt tokens that repeat across requests, as stated (0: none), or null: the thresholds table's default for the kind
 * @param prefixHit         share of requests that find that prefix cached, as stated, or null: 1 with a stated prefix, else the table's
 * @param speculator        the speculator advise tries beside each plain candidate (a draft model id, eagle or mtp), or null: the
 *                          model's trained heads the engine serves
 * @param draftTokens       tokens drafted per verification, or null: the speculator's own
 * @param acceptance        chance a drafted token is accepted, or null: the speculator's own
 * @param disaggregate      the split shape advise gives every eligible candidate's split twin, NONE: no split twins, or null: advise
 *                          chooses x and y
 */
// The derived properties are named so that JSON lists them in a fixed order (reflection gives none).
@JsonPropertyOrder({"interactive"})
public record Workload(
        String model,
        ScenarioKind kind,
        int inputTokens,
        int outputTokens,
        int users,
        Double requestsPerS,
        Double ttftTargetMs,
        Double tpotTargetMs,
        Double throughputTarget,
        Long documents,
        Double deadlineHours,
        List<String> weightFormats,
        List<String> kvFormats,
        boolean concurrencyFromRate,
        String contextExtension,
        dev.infera.catalog.Quality minQuality,
        Integer ttftPercentile,
        Integer tpotPercentile,
        Integer prefixTokens,
        Double prefixHit,
        String speculator,
        Integer draftTokens,
        Double acceptance,
        SplitShape disaggregate) {

    /**
     * True when the load is a request rate rather than a number of users: each candidate then
     * serves the concurrency Little's law gives it (rate x its own request latency).
     */
    public boolean concurrencyFromRate() {
        return concurrencyFromRate;
    }

    /** Prompt and output tokens of one request (where context = prompt + output is split). */
    public RequestShape shape() {
        return new RequestShape(inputTokens, outputTokens);
    }

    public int contextTokens() {
        return shape().contextTokens();
    }

    /** Output tokens/s the job needs: the explicit target, else documents x output / deadline. */
    public Double requiredTokensPerS() {
        if (throughputTarget != null) {
            return throughputTarget;
        }
        if (documents != null && deadlineHours != null) {
            return documents * (double) outputTokens / (deadlineHours * 3600);
        }
        if (requestsPerS != null) {
            return requestsPerS * outputTokens;
        }
        return null;
    }

    /** True when a target names a percentile: candidates are then judged on a simulated load (see advice/SimulatedScreen). */
    public boolean hasPercentileTarget() {
        return ttftPercentile != null || tpotPercentile != null;
    }

    /** This workload with the repeated prefix the thresholds table resolved (its own stated values win there): what candidates are built for. */
    public Workload withPrefix(PrefixReuse reuse) {
        return new Workload(model, kind, inputTokens, outputTokens, users, requestsPerS, ttftTargetMs, tpotTargetMs, throughputTarget,
                documents, deadlineHours, weightFormats, kvFormats, concurrencyFromRate, contextExtension, minQuality, ttftPercentile,
                tpotPercentile, reuse.tokens(), reuse.hitRate(), speculator, draftTokens, acceptance, disaggregate);
    }

    /** The repeated prefix as stated, with a stated prefix's hit rate defaulting to 1; none when the workload states no prefix. */
    public PrefixReuse statedPrefix() {
        return prefixTokens == null ? PrefixReuse.NONE : new PrefixReuse(prefixTokens, prefixHit == null ? 1 : prefixHit);
    }

    public boolean isInteractive() {
        return kind == ScenarioKind.CHAT || kind == ScenarioKind.AGENT;
    }

}
