package dev.infera.physics;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * --explain shows each formula with the values substituted. For every line of every deployment below, the substituted
 * arithmetic evaluates to the number its result shows, and the lines that name a number of the estimate show that number:
 * the explanation is the computation, not a story beside it. With --batch max the lines use the estimate's batch, not the
 * one asked for (they once substituted batch 1 while the result was for 246 sequences).
 */
class ExplainTest {
    private static final Catalog CATALOG = TestCatalog.shipped();
    private static final Estimator ESTIMATOR = new Estimator(CATALOG.assumptions());

    /** Lines that show a number of the estimate, by the start of their quantity. */
    private static final Map<String, ToDoubleFunction<Estimate>> SHOWN = new LinkedHashMap<>();

    static {
        SHOWN.put("weights per GPU", Estimate::weightsGb);
        SHOWN.put("KV bytes per token", Estimate::kvBytesPerToken);
        SHOWN.put("prompt tokens prefilled (prefix cache)", Estimate::uncachedPrefillTokens);
        SHOWN.put("KV tokens held per sequence", Estimate::kvTokensPerSequence);
        SHOWN.put("shared prefix tokens", Estimate::sharedPrefixTokens);
        SHOWN.put("shared prefix KV per GPU", Estimate::sharedPrefixKvGb);
        SHOWN.put("KV cache per GPU", Estimate::kvGb);
        SHOWN.put("usable memory per GPU", Estimate::usableGb);
        SHOWN.put("activations per GPU", Estimate::activationsGb);
        SHOWN.put("sequences the cache holds staggered", e -> e.kvSteadyStateBatch());
        SHOWN.put("max concurrent sequences", Estimate::maxBatch);
        SHOWN.put("preempted and recomputed", Estimate::preemptedSequences);
        SHOWN.put("memory per GPU", Estimate::memoryGb);
        SHOWN.put("prefill compute", Estimate::prefillComputeMs);
        SHOWN.put("prefill all-reduces", Estimate::prefillCommunicationMs);
        SHOWN.put("step overhead", Estimate::stepOverheadMs);
        SHOWN.put("TTFT alone", Estimate::ttftAloneMs);
        SHOWN.put("decode memory time", Estimate::decodeMemoryMs);
        SHOWN.put("decode compute time", Estimate::decodeComputeMs);
        SHOWN.put("decode all-reduces", Estimate::decodeCommunicationMs);
        SHOWN.put("decode step", Estimate::stepMs);
        SHOWN.put("all-reduce share of the decode step", Estimate::communicationShare);
        SHOWN.put("prefill micro-batches", Estimate::prefillMicroBatches);
        SHOWN.put("pipeline share of the batch prefill", Estimate::pipelineShare);
        SHOWN.put("batch prefill", Estimate::batchPrefillMs);
        SHOWN.put("recompute of preempted sequences", Estimate::recomputeMs);
        SHOWN.put("output throughput", Estimate::outputTokensPerS);
        SHOWN.put("prompt tokens per decode step (chunked prefill)", Estimate::prefillTokensPerStep);
        SHOWN.put("TPOT (what a user sees)", Estimate::tpotMs);
        SHOWN.put("per-sequence speed", Estimate::perSequenceTokensPerS);
        SHOWN.put("TTFT (what a user sees)", Estimate::ttftMs);
        SHOWN.put("cost per hour", Estimate::usdPerHour);
        SHOWN.put("cost", Estimate::usdPerMillionTokens);
        SHOWN.put("speculator weights per GPU", e -> e.speculation().draftWeightsGb());
        SHOWN.put("speculator KV per GPU", e -> e.speculation().draftKvGb());
        SHOWN.put("tokens per verification", e -> e.speculation().tokensPerVerification());
        SHOWN.put("plain decode step", e -> e.speculation().stepMsWithout());
        SHOWN.put("verification step", e -> e.speculation().verificationMs());
        SHOWN.put("draft step", e -> e.speculation().draftStepMs());
        SHOWN.put("speculative speedup", e -> e.speculation().speedup());
        SHOWN.put("crossover batch", e -> e.speculation().crossoverBatch());
    }

    /** The lines every explanation has: the numbers a reader checks first. */
    private static final List<String> ALWAYS = List.of("weights per GPU", "KV bytes per token", "KV cache per GPU", "memory per GPU", "TTFT alone",
            "decode step", "output throughput", "TPOT (what a user sees)", "TTFT (what a user sees)");

    /** The lines a speculating estimate adds. */
    private static final List<String> SPECULATING = List.of("speculator weights per GPU", "speculator KV per GPU", "tokens per verification",
            "plain decode step", "verification step", "draft step", "decode step (per token with the speculator)", "speculative speedup", "crossover batch");

    @ParameterizedTest(name = "{0} on {2}x {1}, TP={3} PP={4}, {5}/{6}, {7}, batch {8}, {9}+{10}, prefix {11} at {12}, speculator {13}")
    @CsvSource({
            // dense, TP=2 over NVLink, batch 1 (the README's example)
            "llama-3-70b, a100-sxm-80g, 2, 2, 1, fp16, , , 1, 7936, 256, 0, 0, ",
            // dense, TP=4 over NVSwitch, fp8, chunked prefill at batch 32
            "llama-3-70b, h100-sxm-80g, 4, 4, 1, fp8, , , 32, 7936, 256, 0, 0, ",
            // --batch max on one GPU
            "llama-3-8b, h100-sxm-80g, 1, 1, 1, fp8, , , 0, 128, 4096, 0, 0, ",
            "llama-3-8b, h100-sxm-80g, 1, 1, 1, fp16, , , 0, 3840, 256, 0, 0, ",
            // preempted: a batch beyond what the paged cache holds staggered
            "llama-3-8b, h100-sxm-80g, 1, 1, 1, fp16, , , 160, 3840, 256, 0, 0, ",
            // layer patterns: alternating sliding (4096) and full layers; sliding (128) and full MoE layers; linear + full MoE layers
            "gemma-2-27b, h100-sxm-80g, 1, 1, 1, fp16, , , 4, 7936, 256, 0, 0, ",
            "gpt-oss-120b, h100-sxm-80g, 2, 2, 1, fp8, , , 8, 7936, 256, 0, 0, ",
            "gpt-oss-120b, h100-sxm-80g, 2, 2, 1, fp8, , , 0, 7936, 256, 0, 0, ",
            "qwen3-next-80b-a3b, h100-sxm-80g, 2, 2, 1, fp8, , , 16, 3840, 256, 0, 0, ",
            // MoE with MLA, TP=8
            "deepseek-v3, h200-sxm-141g, 8, 8, 1, fp8, , , 16, 3840, 256, 0, 0, ",
            // MoE, dense-attention, two replicas
            "mixtral-8x7b, h100-sxm-80g, 4, 2, 1, fp16, , , 24, 1792, 256, 0, 0, ",
            // TP x PP over PCIe, paged engine
            "llama-3-70b, l40s-48g, 4, 2, 2, fp8, , , 16, 3840, 256, 0, 0, ",
            // static slots (llama.cpp): a layer split over two GPUs, and one GPU at batch 1
            "qwen2.5-72b, rtx-4090, 2, 1, 2, q4_k_m, , llama.cpp, 2, 3840, 256, 0, 0, ",
            "llama-3-8b, rtx-4090, 1, 1, 1, q4_k_m, , llama.cpp, 1, 1792, 256, 0, 0, ",
            // prefix cache with KV fp8, and with the whole prefix hit
            "llama-3.1-8b, h100-sxm-80g, 1, 1, 1, fp8, fp8, , 32, 4096, 256, 2000, 0.5, ",
            "llama-3.1-8b, h100-sxm-80g, 1, 1, 1, fp8, , , 32, 4096, 256, 2000, 1, ",
            // another engine: TensorRT-LLM's fp8 KV default
            "llama-3-70b, h100-sxm-80g, 2, 2, 1, fp8, , trtllm, 64, 1792, 256, 0, 0, ",
            // TensorRT-LLM's whole-sequence reservation at its largest batch, and with a cached prefix
            "llama-3.1-8b, h100-sxm-80g, 1, 1, 1, fp8, fp8, trtllm, 0, 128, 4096, 0, 0, ",
            "llama-3.1-8b, h100-sxm-80g, 1, 1, 1, fp8, fp8, trtllm, 32, 4096, 256, 2000, 0.5, ",
            // speculative decoding: an EAGLE-3 head at batch 1, a draft model under TP=4, DeepSeek-V3's MTP module (MoE, MLA), a head at batch max
            "llama-3.1-8b, h100-sxm-80g, 1, 1, 1, bf16, , sglang, 1, 512, 512, 0, 0, eagle",
            "llama-3.3-70b, h100-sxm-80g, 4, 4, 1, bf16, , vllm, 64, 256, 256, 0, 0, llama-3.2-1b",
            "deepseek-v3, h200-sxm-141g, 8, 8, 1, fp8, , sglang, 128, 1024, 1024, 0, 0, mtp",
            "llama-3.3-70b, a100-sxm-80g, 4, 4, 1, bf16, , vllm, 0, 512, 512, 0, 0, eagle"})
    void everyExplainedLineEvaluatesToTheNumberItShowsAndTheEstimateShowsTheSame(String model, String gpu, int gpus, int tp, int pp,
            String weights, String kv, String engine, int batch, int prompt, int output, int prefixTokens, double hitRate, String speculator) {
        int asked = batch == 0 ? DeploymentSpec.MAX_BATCH : batch;
        DeploymentSpec spec = new DeploymentSpec(model, gpu, gpus, tp, pp, weights, kv, engine, asked, prompt, output);
        Deployment resolved = spec.resolve(CATALOG).withPrefix(prefixTokens, hitRate);
        Deployment d = speculator == null ? resolved : resolved.withSpeculator(CATALOG.speculator(resolved.model(), speculator));
        Estimate e = spec.estimate(d, CATALOG, ESTIMATOR);
        assertTrue(e.supported(), "the case must run: " + e.unsupportedReason());
        assertEquals(speculator != null, e.speculation() != null, "speculates exactly when a speculator is given");
        List<Explain.Derivation> lines = Explain.of(d, e);

        List<String> mismatches = new ArrayList<>();
        for (Explain.Derivation line : lines) {
            double shown = leadingNumber(line);
            double evaluated = Arithmetic.evaluate(line.substituted());
            if (!close(shown, evaluated, 1e-4)) {
                mismatches.add(line.quantity() + ": '" + line.substituted() + "' evaluates to " + evaluated + ", the line shows " + line.result());
            }
            ToDoubleFunction<Estimate> number = shownNumber(line.quantity());
            if (number != null && !close(number.applyAsDouble(e), shown, 1e-5)) {
                mismatches.add(line.quantity() + ": the line shows " + line.result() + ", the estimate " + number.applyAsDouble(e));
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
        for (String quantity : ALWAYS) {
            assertTrue(lines.stream().anyMatch(l -> l.quantity().startsWith(quantity)), "no line '" + quantity + "' in " + lines);
        }
        if (e.hasCost()) {
            assertTrue(lines.stream().anyMatch(l -> l.quantity().equals("cost")), "a priced estimate explains its cost");
        }
        if (speculator != null) {
            for (String quantity : SPECULATING) {
                assertTrue(lines.stream().anyMatch(l -> l.quantity().startsWith(quantity)), "no line '" + quantity + "' in " + lines);
            }
        }
        assertTrue(line(lines, "KV cache per GPU").substituted().endsWith(" x " + e.batch()), "the KV line uses the estimate's batch " + e.batch());
    }

    /**
     * A prefix-cached split (estimate --disaggregate 3P1D --prefix-tokens 800): its lines that are arithmetic evaluate to what they
     * show, the prefix line shows the prefill pool's uncached tokens, and the prefill line is that pool's TTFT alone for them.
     */
    @Test
    void aPrefixCachedSplitExplainsThePrefillPoolsUncachedTokens() {
        Deployment worker = new DeploymentSpec("llama-3.1-70b", "h100-sxm-80g", 2, 2, 1, "fp8", "fp8", "vllm", 1, 8000, 256).resolve(CATALOG);
        DisaggregatedDeployment d = DisaggregatedDeployment.of(worker.withPrefix(800, 0.75).withReplicas(3), worker.withReplicas(1));
        DisaggregatedEstimate e = new DisaggregatedEstimator(ESTIMATOR).atRate(d, 3, null, null);
        List<Explain.Derivation> lines = DisaggregatedExplain.of(d, e);
        List<String> arithmetic = List.of("prompt tokens prefilled (prefix cache, prefill pool)", "throughput");
        for (String quantity : arithmetic) {
            Explain.Derivation l = line(lines, quantity);
            assertTrue(close(leadingNumber(l), Arithmetic.evaluate(l.substituted()), 1e-4), quantity + ": '" + l.substituted() + "' shows " + l.result());
        }
        assertEquals(8000 - 600, leadingNumber(line(lines, "prompt tokens prefilled (prefix cache, prefill pool)")), 0, "8,000 - 0.75 x 800");
        assertEquals(e.prefill().uncachedPrefillTokens(), leadingNumber(line(lines, "prompt tokens prefilled (prefix cache, prefill pool)")), 0);
        assertEquals(ESTIMATOR.estimate(d.prefill().withBatch(1), null).ttftAloneMs(),
                leadingNumber(line(lines, "prefill per request (one prefill worker, TTFT alone)")), 0.05);
        assertTrue(DisaggregatedExplain.of(DisaggregatedDeployment.of(worker, worker), e).stream().noneMatch(l -> l.quantity().startsWith("prompt tokens prefilled")),
                "no prefix line without a prefix cache");
    }

    /** A closed loop's wait lines (estimate --disaggregate with --users): the capped M/D/1 wait, and the response-time law's. */
    @Test
    void aClosedLoopsWaitLinesEvaluateToWhatTheyShow() {
        Deployment worker = new DeploymentSpec("llama-3.1-70b", "h100-sxm-80g", 2, 2, 1, "fp8", "fp8", "vllm", 1, 8000, 256).resolve(CATALOG);
        DisaggregatedDeployment d = DisaggregatedDeployment.of(worker.withReplicas(1), worker.withReplicas(1));
        DisaggregatedEstimator estimator = new DisaggregatedEstimator(ESTIMATOR);
        for (int users : new int[] {16, 5000}) {
            DisaggregatedEstimate e = estimator.atUsers(d, users, null, null);
            String quantity = e.waitsForThePools() ? "wait for the pools (closed loop: the users send more than the pools carry)"
                    : "prefill queue wait (M/D/1, at most every other user's prompt)";
            Explain.Derivation l = line(DisaggregatedExplain.of(d, e), quantity);
            assertTrue(close(leadingNumber(l), Arithmetic.evaluate(l.substituted()), 1e-4), quantity + ": '" + l.substituted() + "' shows " + l.result());
            assertEquals(e.prefillWaitMs(), leadingNumber(l), e.prefillWaitMs() * 1e-5);
        }
    }

    /** The optional factors' lines (a profile with a prefill overhead, a layer overhead and an attention MBU) evaluate to what they show. */
    @Test
    void theOptionalFactorsLinesEvaluateToWhatTheyShow() {
        DeploymentSpec spec = new DeploymentSpec("llama-3.1-8b", "h100-sxm-80g", 1, 1, 1, "fp8", null, "trtllm", 64, 4096, 256);
        Deployment plain = spec.resolve(CATALOG);
        var eff = plain.engine().efficiency().withPrefillLayerOverheadUs(50).withLayerOverheadUs(20).withAttentionMbu(0.5);
        Deployment d = plain.withEngine(plain.engine().calibratedWith(eff, Map.of(), "test"));
        Estimate e = ESTIMATOR.estimate(d, null);
        List<Explain.Derivation> lines = Explain.of(d, e);
        for (String quantity : List.of("prefill overhead (a step carrying prompt tokens)", "batch prefill launches", "batch prefill",
                "TTFT alone (one request, idle GPUs)", "step overhead")) {
            Explain.Derivation l = line(lines, quantity);
            assertTrue(close(leadingNumber(l), Arithmetic.evaluate(l.substituted()), 1e-4), quantity + ": '" + l.substituted() + "' shows " + l.result());
        }
        assertEquals(1.6, leadingNumber(line(lines, "prefill overhead (a step carrying prompt tokens)")), 1e-9, "32 layers x 50 us");
    }

    @Test
    void batchMaxIsExplainedAtTheBatchItChoseNotTheOneAsked() {
        DeploymentSpec spec = new DeploymentSpec("llama-3-8b", "h100-sxm-80g", 1, 1, 1, "fp16", null, null, DeploymentSpec.MAX_BATCH, 3840, 256);
        Deployment asked = spec.resolve(CATALOG);
        Estimate e = spec.estimate(asked, CATALOG, ESTIMATOR);
        assertTrue(e.batch() > 1, "max picks more than one sequence here: " + e.batch());
        List<Explain.Derivation> lines = Explain.of(asked, e);
        String throughput = line(lines, "output throughput").substituted();
        assertTrue(throughput.startsWith("1 x " + e.batch() + " x 256 / "), throughput);
        assertTrue(line(lines, "KV cache per GPU").substituted().endsWith(" x " + e.batch()), "the KV line at the chosen batch");
    }

    @Test
    void theEvaluatorRefusesWhatIsNotArithmetic() {
        assertEquals(7, Arithmetic.evaluate("1 + 2 x 3"), 0);
        assertEquals(16, Arithmetic.evaluate("max(2, ceil(3.2))^2"), 0);
        assertEquals(3, Arithmetic.evaluate("floor(sqrt(10))"), 0);
        assertEquals(-1, Arithmetic.evaluate("min(4, 5) - 5"), 0);
        assertThrows(AssertionError.class, () -> Arithmetic.evaluate("366 ms + queue"));
        assertThrows(AssertionError.class, () -> Arithmetic.evaluate("2 x 70.55 B x 7936 + attention"));
    }

    /** The estimate's number a line shows: its quantity is a name of {@link #SHOWN}, or that name and a parenthesis saying more. */
    private static ToDoubleFunction<Estimate> shownNumber(String quantity) {
        return SHOWN.entrySet().stream().filter(n -> quantity.equals(n.getKey()) || quantity.startsWith(n.getKey() + " ("))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static final Pattern LEADING = Pattern.compile("^\\$?(-?\\d+(?:\\.\\d+)?)");

    private static double leadingNumber(Explain.Derivation line) {
        Matcher m = LEADING.matcher(line.result());
        if (!m.find()) {
            fail(line.quantity() + ": the result '" + line.result() + "' does not start with a number");
        }
        return Double.parseDouble(m.group(1));
    }

    private static boolean close(double expected, double actual, double relative) {
        return Math.abs(expected - actual) <= Math.max(1e-9, Math.abs(expected) * relative);
    }

    private static Explain.Derivation line(List<Explain.Derivation> lines, String quantity) {
        return lines.stream().filter(l -> l.quantity().equals(quantity)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + quantity + "' in " + lines));
    }

    /** Evaluates the arithmetic of a substituted line: numbers, + - x / ^, parentheses, min, max, ceil, floor, sqrt; anything else fails. */
    static final class Arithmetic {
        private final String text;
        private int at;

        private Arithmetic(String text) {
            this.text = text;
        }

        static double evaluate(String expression) {
            Arithmetic a = new Arithmetic(expression);
            double value = a.sum();
            a.skip();
            if (a.at != a.text.length()) {
                throw new AssertionError("not arithmetic at '" + a.text.substring(a.at) + "' in '" + a.text + "'");
            }
            return value;
        }

        private double sum() {
            double value = product();
            while (true) {
                skip();
                if (peek('+')) { at++; value += product(); }
                else if (peek('-')) { at++; value -= product(); }
                else return value;
            }
        }

        private double product() {
            double value = power();
            while (true) {
                skip();
                if (peek('x')) { at++; value *= power(); }
                else if (peek('/')) { at++; value /= power(); }
                else return value;
            }
        }

        private double power() {
            double base = factor();
            skip();
            if (peek('^')) {
                at++;
                return Math.pow(base, power());
            }
            return base;
        }

        private double factor() {
            skip();
            if (peek('-')) {
                at++;
                return -factor();
            }
            if (peek('(')) {
                at++;
                double value = sum();
                expect(')');
                return value;
            }
            for (String function : List.of("max", "min", "ceil", "floor", "sqrt")) {
                if (text.startsWith(function + "(", at)) {
                    at += function.length() + 1;
                    List<Double> args = new ArrayList<>();
                    args.add(sum());
                    skip();
                    while (peek(',')) {
                        at++;
                        args.add(sum());
                        skip();
                    }
                    expect(')');
                    return apply(function, args);
                }
            }
            int start = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            if (start == at) {
                throw new AssertionError("expected a number at '" + text.substring(at) + "' in '" + text + "'");
            }
            return Double.parseDouble(text.substring(start, at));
        }

        private static double apply(String function, List<Double> args) {
            return switch (function) {
                case "max" -> args.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                case "min" -> args.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                case "ceil" -> Math.ceil(only(function, args));
                case "floor" -> Math.floor(only(function, args));
                default -> Math.sqrt(only(function, args));
            };
        }

        private static double only(String function, List<Double> args) {
            if (args.size() != 1) {
                throw new AssertionError(function + " takes one argument, got " + args);
            }
            return args.get(0);
        }

        private void expect(char c) {
            skip();
            if (!peek(c)) {
                throw new AssertionError("expected '" + c + "' at '" + text.substring(at) + "' in '" + text + "'");
            }
            at++;
        }

        private boolean peek(char c) {
            return at < text.length() && text.charAt(at) == c;
        }

        private void skip() {
            while (at < text.length() && text.charAt(at) == ' ') {
                at++;
            }
        }
    }
}
