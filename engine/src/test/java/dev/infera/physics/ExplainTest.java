package dev.infera.physics;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --explain shows each formula with the values substituted: evaluating the substituted arithmetic
 * gives the number the estimate shows (within the rounding of the printed values). With --batch max
 * the lines use the estimate's batch, not the one asked for (they once substituted batch 1 while the
 * result was for 246 sequences).
 */
class ExplainTest {
    private static final Catalog CATALOG = TestCatalog.shipped();
    private static final Estimator ESTIMATOR = new Estimator(CATALOG.assumptions());

    @ParameterizedTest(name = "{0} on {2}x {1}, TP={3}, {4}, batch {5}")
    @CsvSource({
            "llama-3-70b, a100-sxm-80g, 2, 2, fp16, 1, 7936, 256",
            "llama-3-70b, h100-sxm-80g, 4, 4, fp8, 32, 7936, 256",
            "llama-3-8b, h100-sxm-80g, 1, 1, fp8, 0, 128, 4096",
            // layer patterns: alternating sliding (4096) and full layers; sliding (128) and full MoE layers
            "gemma-2-27b, h100-sxm-80g, 1, 1, fp16, 4, 7936, 256",
            "gpt-oss-120b, h100-sxm-80g, 2, 2, fp8, 8, 7936, 256"})
    void everyArithmeticLineEvaluatesToTheNumberShown(String model, String gpu, int gpus, int tp, String weights, int batch, int prompt, int output) {
        int asked = batch == 0 ? DeploymentSpec.MAX_BATCH : batch;
        DeploymentSpec spec = new DeploymentSpec(model, gpu, gpus, tp, 1, weights, null, null, asked, prompt, output);
        Deployment d = spec.resolve(CATALOG);
        Estimate e = spec.estimate(d, CATALOG, ESTIMATOR);
        assertTrue(e.supported() && e.fits(), "the case must run: " + e.unsupportedReason());
        List<Explain.Derivation> lines = Explain.of(d, e);

        assertClose(e.weightsGb(), evaluate(line(lines, "weights per GPU").substituted()), "weights per GPU (GB)");
        assertClose(e.kvBytesPerToken(), evaluate(line(lines, "KV bytes per token").substituted()), "KV bytes per token");
        Explain.Derivation kv = line(lines, "KV cache per GPU");
        assertTrue(kv.substituted().contains(" x " + e.batch() + " / "), "the KV line uses the estimate's batch " + e.batch() + ": " + kv.substituted());
        assertClose(e.kvGb(), evaluate(kv.substituted()) / 1e9, "KV cache per GPU (GB)");
        if (e.batch() > 1) {
            assertClose(e.tpotMs(), evaluate(line(lines, "TPOT (what a user sees)").substituted().replace(" ms", "")), "TPOT (ms)");
        }
        // The throughput line divides tokens by milliseconds: x 1000 for tokens/s.
        assertClose(e.outputTokensPerS(), 1000 * evaluate(line(lines, "output throughput").substituted()), "output throughput (tokens/s)");
        if (e.hasCost()) {
            assertClose(e.usdPerMillionTokens(), evaluate(line(lines, "cost").substituted()), "$ per million tokens");
        }
    }

    private static Explain.Derivation line(List<Explain.Derivation> lines, String quantity) {
        return lines.stream().filter(l -> l.quantity().equals(quantity)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + quantity + "' in " + lines));
    }

    /** Equal within 1 %: the substituted values are printed rounded. */
    private static void assertClose(double shown, double evaluated, String what) {
        assertEquals(shown, evaluated, Math.abs(shown) * 0.01, what + ": the explained line evaluates to " + evaluated + ", the estimate shows " + shown);
    }

    /** Evaluates the arithmetic of a substituted line: numbers, x, /, +, -, parentheses and 10^N; units ($, B, GB, ms) are dropped. */
    static double evaluate(String substituted) {
        String expression = substituted.replace("$", "").replace("10^6", "1000000").replaceAll("(?<=\\d)\\s*(B|GB|ms)\\b", "");
        return new Parser(expression).parse();
    }

    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        double parse() {
            double value = sum();
            skip();
            if (at != text.length()) {
                throw new AssertionError("not arithmetic at '" + text.substring(at) + "' in '" + text + "'");
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
            double value = factor();
            while (true) {
                skip();
                if (peek('x') || peek('*')) { at++; value *= factor(); }
                else if (peek('/')) { at++; value /= factor(); }
                else return value;
            }
        }

        private double factor() {
            skip();
            if (peek('(')) {
                at++;
                double value = sum();
                skip();
                at++;
                return value;
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
