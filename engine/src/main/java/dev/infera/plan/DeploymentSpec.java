package dev.infera.plan;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Engine;
import dev.infera.catalog.Format;
import dev.infera.catalog.Model;
import dev.infera.catalog.Server;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;

/**
 * A deployment as a user writes it (ids and counts), before it is resolved against the catalog.
 * {@code hardware} is a GPU id or a server id; {@code gpus} 0 means t x p (one replica);
 * {@code batch} 0 means "max" (the throughput-optimal batch that fits); null formats and engine
 * take the defaults (the checkpoint's quantized format, else fp16 weights; the catalog's default engine; the engine's default KV format).
 */
public record DeploymentSpec(
        String model,
        String hardware,
        int gpus,
        int tp,
        int pp,
        String weights,
        String kv,
        String engine,
        int batch,
        int inputTokens,
        int outputTokens) {

    public static final int MAX_BATCH = 0;

    public boolean wantsMaxBatch() {
        return batch == MAX_BATCH;
    }

    /** Resolves ids (with "did you mean" on a miss) and checks the counts add up. */
    public Deployment resolve(Catalog catalog) {
        Model resolvedModel = catalog.model(model);
        if (tp < 1 || pp < 1) {
            throw new BadInputException("tp and pp must be >= 1 (got tp=" + tp + ", pp=" + pp + ")");
        }
        if (inputTokens < 1 || outputTokens < 1) {
            throw new BadInputException("input and output tokens must be >= 1 (got " + inputTokens + ", " + outputTokens + ")");
        }
        if (gpus < 0) {
            throw new BadInputException("gpus must be >= 1 (got " + gpus + ")");
        }
        if (batch < 0) {
            throw new BadInputException("batch must be >= 1 or max (got " + batch + ")");
        }
        int perReplica = tp * pp;
        int total = gpus == 0 ? perReplica : gpus;
        if (total % perReplica != 0) {
            throw new BadInputException(total + " GPUs cannot be split into replicas of tp x pp = " + perReplica);
        }
        catalog.requireGpuOrServer(hardware);
        Server server = catalog.hasServer(hardware) ? catalog.server(hardware) : catalog.serverFor(catalog.gpu(hardware), perReplica);
        // A quantized checkpoint's own format (its config.json quantization_config) is the default.
        String defaultWeights = resolvedModel.checkpointFormat() != null ? resolvedModel.checkpointFormat() : "fp16";
        Format weightFormat = catalog.format(weights == null || weights.isBlank() ? defaultWeights : weights);
        Engine resolvedEngine = engine == null || engine.isBlank() ? defaultEngineFor(catalog, weightFormat) : catalog.engine(engine);
        Format kvFormat = catalog.format(kv == null || kv.isBlank() ? defaultKv(weightFormat, resolvedEngine) : kv);
        return new Deployment(resolvedModel, server, tp, pp, total / perReplica, weightFormat, kvFormat, resolvedEngine,
                Math.max(1, batch), inputTokens, outputTokens);
    }

    /** Estimates {@code d} (this spec resolved) at the catalog's price: at the throughput-optimal batch when the spec asks for max. */
    public Estimate estimate(Deployment d, Catalog catalog, Estimator estimator) {
        var price = catalog.price(d.gpu()).orElse(null);
        return wantsMaxBatch() ? estimator.estimateAtMaxBatch(d, price) : estimator.estimate(d, price);
    }

    /**
     * The KV format {@code engine} uses by default with {@code weights}: its profile's (engines.yaml serving.kvCacheByWeights,
     * e.g. TensorRT-LLM's fp8 cache for fp8 checkpoints), else a 16-bit cache in the weights' 16-bit type (vLLM's "auto").
     */
    public static String defaultKv(Format weights, Engine engine) {
        String profiled = engine.serving().defaultKvFor(weights.id());
        if (profiled != null) {
            return profiled;
        }
        return weights.id().equals("bf16") ? "bf16" : "fp16";
    }

    /** The catalog's default engine if it loads the format, else the first engine that does (GGUF: llama.cpp). */
    private static Engine defaultEngineFor(Catalog catalog, Format weights) {
        Engine preferred = catalog.defaultEngine();
        if (preferred.runs(weights)) {
            return preferred;
        }
        return catalog.getEngines().stream().filter(e -> e.runs(weights)).findFirst().orElse(preferred);
    }
}
