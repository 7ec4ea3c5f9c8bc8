package dev.infera.physics;

import dev.infera.catalog.EngineServing;

/**
 * What a user sees at this concurrency: other requests' prefills share the replica's GPUs. Continuous batching with a
 * step budget (chunked prefill) interleaves prompt chunks with every decode step; without a budget the others' B - 1
 * prefills spread over my output; without continuous batching a request waits for the prefills ahead of it and
 * decodes undisturbed. The step is the decode time per output token (the speculation cycle over its tokens where a speculator
 * drafts). Seconds.
 *
 * @param scheduling           which of the three
 * @param stepTokenBudget      the engine's tokens per step, decode and prefill chunks together (0 = none)
 * @param prefillTokensPerStep prompt tokens each decode step carries under the budget (NaN without one)
 * @param prefillWaitSeconds   wait behind other prefills before mine starts
 * @param budgetWaitSeconds    wait for the step budget (0 without one)
 * @param tpotSeconds          served TPOT
 * @param ttftSeconds          served TTFT = TTFT alone + the waits
 */
public record ServedLatency(Scheduling scheduling, int stepTokenBudget, double prefillTokensPerStep, double prefillWaitSeconds, double budgetWaitSeconds,
        double tpotSeconds, double ttftSeconds) {

    /** How prefills and decode steps share a replica. */
    public enum Scheduling {
        /** Continuous batching with a token budget per step: prompt chunks ride along decode steps. */
        CHUNKED_PREFILL,
        /** Continuous batching without a budget: the others' prefills interleave between my decode steps. */
        INTERLEAVED_PREFILL,
        /** A static batch: prefills run before the batch decodes. */
        STATIC_BATCH
    }

    public static ServedLatency of(Deployment d, PrefillAlone prefill, double stepSecondsPerToken, BatchCycle cycle) {
        EngineServing serving = d.engine().serving();
        double perRequest = prefill.perRequestSeconds();
        double stepSeconds = stepSecondsPerToken;
        if (d.engine().continuousBatching() && serving.maxTokensPerStep() > 0) {
            double tokensPerStep = Latency.prefillTokensPerStep(serving.maxTokensPerStep(), d.batch(), prefill.tokens(), d.outputTokens());
            double tpot = Latency.servedTpotWithBudgetSeconds(stepSeconds, perRequest, prefill.tokens(), tokensPerStep);
            double prefillWait = Latency.prefillQueueSeconds(perRequest, d.batch(), cycle.prefillShare());
            double budgetWait = Latency.budgetQueueSeconds(serving.maxTokensPerStep(), d.batch(), prefill.tokens(), d.outputTokens(), tpot);
            return new ServedLatency(Scheduling.CHUNKED_PREFILL, serving.maxTokensPerStep(), tokensPerStep, prefillWait, budgetWait, tpot,
                    prefill.ttftAloneSeconds() + prefillWait + budgetWait);
        }
        if (d.engine().continuousBatching()) {
            double prefillWait = Latency.prefillQueueSeconds(perRequest, d.batch(), cycle.prefillShare());
            return new ServedLatency(Scheduling.INTERLEAVED_PREFILL, serving.maxTokensPerStep(), Double.NaN, prefillWait, 0,
                    Latency.servedTpotSeconds(stepSeconds, perRequest, d.batch(), d.outputTokens()), prefill.ttftAloneSeconds() + prefillWait);
        }
        double prefillWait = (d.batch() - 1) * perRequest;
        return new ServedLatency(Scheduling.STATIC_BATCH, serving.maxTokensPerStep(), Double.NaN, prefillWait, 0, stepSeconds, prefill.ttftAloneSeconds() + prefillWait);
    }
}
