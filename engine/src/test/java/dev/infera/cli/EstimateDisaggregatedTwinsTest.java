package dev.infera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.physics.DisaggregatedEstimate;
import dev.infera.physics.DisaggregatedEstimator;
import dev.infera.physics.Estimator;
import dev.infera.physics.StepTime;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `estimate --disaggregate xPyD` with a prefix cache or a speculator (#16). With `--prefix-tokens S`: the prefill pool caches the prefix and prefills only the uncached
 * tokens, the KV sent is the whole prompt's, the decode pool caches nothing: the physics advise's prefix-cached splits use
 * ({@link DisaggregatedDeployment#of}). Llama 3.1 8B FP8 on one HGX H100, 3,000-token prompts of which 2,000 repeat.
 */
class EstimateDisaggregatedTwinsTest {
    private static final Catalog CATALOG = TestCatalog.shipped();
    private static final Estimator ESTIMATOR = new Estimator(CATALOG.assumptions());
    private static final String[] SPLIT = {"estimate", "--model", "llama-3.1-8b", "--gpu", "hgx-h100-8gpu", "--weights", "fp8",
            "--engine", "vllm", "--input-tokens", "3000", "--output-tokens", "200", "--disaggregate", "1P1D", "--json"};

    private static JsonNode run(String... more) throws Exception {
        String[] args = Arrays.copyOf(SPLIT, SPLIT.length + more.length);
        System.arraycopy(more, 0, args, SPLIT.length, more.length);
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    /** What advise builds for the same split: the cached worker as the prefill pool, DisaggregatedDeployment.of uncaching the decode pool. */
    private static DisaggregatedDeployment advisesSplit() {
        Deployment worker = new DeploymentSpec("llama-3.1-8b", "hgx-h100-8gpu", 1, 1, 1, "fp8", null, "vllm", 1, 3000, 200).resolve(CATALOG);
        Deployment cached = worker.withPrefix(2000, 1.0);
        return DisaggregatedDeployment.of(cached, cached);
    }

    @Test
    void thePrefillPoolPrefillsTheUncachedTokensAndSendsTheWholePromptsKvAsAdvisesSplits() throws Exception {
        JsonNode plain = run("--rate", "0.02");
        JsonNode cached = run("--rate", "0.02", "--prefix-tokens", "2000");
        DisaggregatedEstimate advised = new DisaggregatedEstimator(ESTIMATOR).atRate(advisesSplit(), 0.02, null, null);
        assertEquals(2000, cached.get("prefix_tokens").asInt());
        assertEquals(1000, cached.get("prefill_tokens").asInt(), "3,000 - 1 x 2,000 tokens prefilled");
        assertEquals(Math.round(advised.prefillMs() * 1000) / 1000.0, cached.get("prefill_ms").asDouble(), 0, "advise's closed form");
        assertEquals(Math.round(advised.ttftMs() * 1000) / 1000.0, cached.get("ttft_ms").asDouble(), 0);
        assertTrue(cached.get("prefill_ms").asDouble() < 0.5 * plain.get("prefill_ms").asDouble(),
                "a third of the prompt to prefill: " + cached.get("prefill_ms") + " against " + plain.get("prefill_ms"));
        assertEquals(plain.get("kv_transfer_gb").asDouble(), cached.get("kv_transfer_gb").asDouble(), 0, "the whole prompt's KV is sent");
        assertTrue(plain.get("prefix_tokens") == null, "no prefix line without --prefix-tokens");

        // Simulated: a request every 50 s finds both pools idle, TTFT p50 = prefill of the 1,000 uncached tokens + the whole KV's transfer.
        double prefill1000Ms = StepTime.of(advisesSplit().prefill(), ESTIMATOR).prefillSeconds(1000) * 1000;
        assertEquals(prefill1000Ms + advised.kvTransferMs(), cached.get("simulation").get("ttft_ms_p50").asDouble(), 0.01);
    }

    @Test
    void usersInAClosedLoopAreSimulatedWithThePrefixCacheToo() throws Exception {
        JsonNode plain = run("--users", "4", "--requests", "200");
        JsonNode cached = run("--users", "4", "--requests", "200", "--prefix-tokens", "2000");
        assertEquals(1000, cached.get("prefill_tokens").asInt());
        // Every request a hit prefills a third of its prompt (48.4 ms closed form for 3,000 tokens, 18.0 ms for 1,000).
        assertTrue(cached.get("simulation").get("ttft_ms").asDouble() < 0.5 * plain.get("simulation").get("ttft_ms").asDouble(),
                "mean TTFT " + cached.get("simulation").get("ttft_ms") + " against " + plain.get("simulation").get("ttft_ms"));
        // At hit 0.5 the closed form halves the saving (3,000 - 0.5 x 2,000 = 2,000 tokens prefilled).
        assertEquals(2000, run("--users", "4", "--requests", "200", "--prefix-tokens", "2000", "--prefix-hit", "0.5").get("prefill_tokens").asInt());
    }

    @Test
    void aSpeculatorRunsOnTheDecodePoolOnly() throws Exception {
        // SGLang serves EAGLE; Llama 3.1 8B BF16, the head's k = 3 and a = 0.8 (models.yaml), TPOT from the speculating decode step.
        String[] eagle = {"estimate", "--model", "llama-3.1-8b", "--gpu", "hgx-h100-8gpu", "--weights", "bf16", "--engine", "sglang",
                "--input-tokens", "2000", "--output-tokens", "512", "--rate", "2", "--disaggregate", "1P1D", "--json"};
        String[] plainArgs = Arrays.copyOf(eagle, eagle.length);
        String[] withArgs = Arrays.copyOf(eagle, eagle.length + 2);
        withArgs[eagle.length] = "--speculator";
        withArgs[eagle.length + 1] = "eagle";
        JsonNode plain = parse(CliRun.of(plainArgs));
        JsonNode with = parse(CliRun.of(withArgs));
        assertEquals(2.952, with.get("tokens_per_verification").asDouble(), 1e-3, "(1 - 0.8^4) / (1 - 0.8)");
        assertEquals(plain.get("prefill_ms").asDouble(), with.get("prefill_ms").asDouble(), 0, "the prefill pool drafts nothing");
        assertEquals(plain.get("prefill_pool").get("memory_gb_per_gpu").asDouble(), with.get("prefill_pool").get("memory_gb_per_gpu").asDouble(), 0);
        assertTrue(with.get("tpot_ms").asDouble() < 0.5 * plain.get("tpot_ms").asDouble(), with.get("tpot_ms") + " against " + plain.get("tpot_ms"));
        assertTrue(with.get("simulation").get("tpot_ms").asDouble() < 0.5 * plain.get("simulation").get("tpot_ms").asDouble(),
                "simulated: " + with.get("simulation").get("tpot_ms") + " against " + plain.get("simulation").get("tpot_ms"));
        // Closed form and simulation agree on the speculating TPOT at this light load (within 5 %).
        assertEquals(with.get("tpot_ms").asDouble(), with.get("simulation").get("tpot_ms").asDouble(), 0.05 * with.get("tpot_ms").asDouble());
    }

    private static JsonNode parse(CliRun r) throws Exception {
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }
}
