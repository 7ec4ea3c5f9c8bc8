package dev.infera.physics;

import dev.infera.catalog.Engine;
import dev.infera.catalog.Format;
import dev.infera.catalog.Gpu;
import dev.infera.catalog.Model;
import dev.infera.catalog.Server;

/**
 * One configuration to estimate: a model on {@code tp x pp x replicas} GPUs of a server type, in a
 * weight and KV format, under a serving engine, serving {@code batch} concurrent sequences per
 * replica of {@code inputTokens} prompt and {@code outputTokens} generated tokens. {@code prefixTokens} of the
 * prompt are a prefix shared across requests, found in a paged engine's prefix cache with probability
 * {@code prefixHitRate} (0 and 0: no prefix caching). {@code speculator} drafts tokens the model verifies in one pass
 * (speculative decoding), or null.
 */
public record Deployment(
        Model model,
        Server server,
        int tensorParallel,
        int pipelineParallel,
        int replicas,
        Format weights,
        Format kv,
        Engine engine,
        int batch,
        int inputTokens,
        int outputTokens,
        int prefixTokens,
        double prefixHitRate,
        dev.infera.catalog.Speculator speculator) {

    public Deployment {
        if (tensorParallel < 1 || pipelineParallel < 1 || replicas < 1) {
            throw new IllegalArgumentException("tp, pp and replicas must be >= 1");
        }
        if (batch < 1 || inputTokens < 1 || outputTokens < 1) {
            throw new IllegalArgumentException("batch, input and output tokens must be >= 1");
        }
        if (prefixTokens < 0 || prefixTokens > inputTokens || !(prefixHitRate >= 0 && prefixHitRate <= 1)) {
            throw new IllegalArgumentException("prefix tokens must be 0..prompt and the hit rate 0..1");
        }
    }

    /** Without prefix caching. */
    public Deployment(Model model, Server server, int tensorParallel, int pipelineParallel, int replicas, Format weights, Format kv,
            Engine engine, int batch, int inputTokens, int outputTokens) {
        this(model, server, tensorParallel, pipelineParallel, replicas, weights, kv, engine, batch, inputTokens, outputTokens, 0, 0, null);
    }

    /** Without a speculator. */
    public Deployment(Model model, Server server, int tensorParallel, int pipelineParallel, int replicas, Format weights, Format kv,
            Engine engine, int batch, int inputTokens, int outputTokens, int prefixTokens, double prefixHitRate) {
        this(model, server, tensorParallel, pipelineParallel, replicas, weights, kv, engine, batch, inputTokens, outputTokens,
                prefixTokens, prefixHitRate, null);
    }

    public Gpu gpu() {
        return server.gpu();
    }

    /** GPUs one replica spans = t x p. */
    public int gpusPerReplica() {
        return tensorParallel * pipelineParallel;
    }

    public int totalGpus() {
        return gpusPerReplica() * replicas;
    }

    /** Tokens a sequence holds at the end: prompt plus output. */
    public int sequenceTokens() {
        return inputTokens + outputTokens;
    }

    /** Context a decode step attends over on average: the prompt plus half the output (it grows from L to L + output). */
    public double averageDecodeContextTokens() {
        return inputTokens + outputTokens / 2.0;
    }

    /** Concurrent sequences each replica serves when {@code users} spread evenly over {@code replicas}: ceil(users / replicas). */
    public static int batchPerReplica(int users, int replicas) {
        return Math.max(1, (int) Math.ceil((double) users / replicas));
    }

    /** Tensor parallelism wider than one node crosses the inter-node link (which link it then uses: {@link Links}). */
    public boolean tensorParallelCrossesNodes() {
        return tensorParallel > server.gpus();
    }

    public int nodes() {
        return (int) Math.ceil((double) totalGpus() / server.gpus());
    }

    public Deployment withEngine(Engine newEngine) {
        return new Deployment(model, server, tensorParallel, pipelineParallel, replicas, weights, kv, newEngine,
                batch, inputTokens, outputTokens, prefixTokens, prefixHitRate, speculator);
    }

    public Deployment withPromptTokens(int newInputTokens) {
        return new Deployment(model, server, tensorParallel, pipelineParallel, replicas, weights, kv, engine,
                batch, newInputTokens, outputTokens, Math.min(prefixTokens, newInputTokens), prefixHitRate, speculator);
    }

    public Deployment withReplicas(int newReplicas) {
        return new Deployment(model, server, tensorParallel, pipelineParallel, newReplicas, weights, kv, engine,
                batch, inputTokens, outputTokens, prefixTokens, prefixHitRate, speculator);
    }

    public Deployment withBatch(int newBatch) {
        return new Deployment(model, server, tensorParallel, pipelineParallel, replicas, weights, kv, engine,
                newBatch, inputTokens, outputTokens, prefixTokens, prefixHitRate, speculator);
    }

    public Deployment withPrefix(int newPrefixTokens, double newPrefixHitRate) {
        return new Deployment(model, server, tensorParallel, pipelineParallel, replicas, weights, kv, engine,
                batch, inputTokens, outputTokens, newPrefixTokens, newPrefixHitRate, speculator);
    }

    public Deployment withSpeculator(dev.infera.catalog.Speculator newSpeculator) {
        return new Deployment(model, server, tensorParallel, pipelineParallel, replicas, weights, kv, engine,
                batch, inputTokens, outputTokens, prefixTokens, prefixHitRate, newSpeculator);
    }

    /** Prompt tokens prefill computes per request: the prompt, less the cached prefix where prefix caching applies (PrefixCache.uncachedPrefillTokens). */
    public int prefillTokens() {
        return cachesPrefix() ? PrefixCache.uncachedPrefillTokens(inputTokens, prefixTokens, prefixHitRate) : inputTokens;
    }

    /** Prefix caching applies: a shared prefix that requests hit, under a paged engine (static slots have no prefix cache). */
    public boolean cachesPrefix() {
        return prefixTokens > 0 && prefixHitRate > 0 && engine.serving().paged();
    }
}
