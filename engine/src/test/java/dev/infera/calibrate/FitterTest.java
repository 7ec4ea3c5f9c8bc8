package dev.infera.calibrate;

import dev.infera.catalog.Catalog;
import dev.infera.catalog.Efficiency;
import dev.infera.catalog.Engine;
import dev.infera.catalog.Gpu;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FitterTest {
    private final Catalog catalog = Catalog.loadPriors(Path.of("catalog"));
    private final Estimator estimator = new Estimator(catalog.assumptions());
    private final Fitter fitter = new Fitter(estimator);

    @Test
    void recoversTheFactorsThatGeneratedTheRows() {
        Efficiency truth = new Efficiency(0.72, 0.48, 0.33, 2.5, catalog.engine("trtllm").efficiency().allReduceLatencyUs());
        Engine generating = catalog.engine("trtllm").calibratedWith(truth, Map.of(), "truth");
        Gpu gpu = catalog.gpu("h100-sxm-80g");
        List<Measurement> rows = new ArrayList<>();
        for (String model : List.of("llama-2-7b", "llama-2-70b")) {
            int tp = model.equals("llama-2-70b") ? 2 : 1;
            Deployment base = new Deployment(catalog.model(model), catalog.serverFor(gpu, tp), tp, 1, 1,
                    catalog.format("fp16"), catalog.format("fp16"), generating, 1, 128, 128);
            rows.add(synthetic(Measurement.Kind.DECODE_BATCH1, base));
            rows.add(synthetic(Measurement.Kind.TTFT, new Deployment(base.model(), base.server(), tp, 1, 1,
                    base.weights(), base.kv(), generating, 1, 2048, 1)));
            for (int batch : new int[] {8, 64, 256, 1024}) {
                rows.add(synthetic(Measurement.Kind.THROUGHPUT, base.withBatch(batch)));
            }
        }
        // Start the fit from the catalog's priors, not from the truth.
        List<Measurement> fromPriors = fromPriors(rows);
        Efficiency fitted = fitter.fitOne(fromPriors, catalog.engine("trtllm").efficiency(), null, List.of());

        assertEquals(truth.decodeMbu(), fitted.decodeMbu(), 0.02 * truth.decodeMbu());
        assertEquals(truth.prefillMfu(), fitted.prefillMfu(), 0.02 * truth.prefillMfu());
        assertEquals(truth.decodeMfu(), fitted.decodeMfu(), 0.05 * truth.decodeMfu());
        assertEquals(truth.stepOverheadMs(), fitted.stepOverheadMs(), 0.05 * truth.stepOverheadMs());
        assertEquals(0, fitter.loss(fromPriors, fitted), 1e-4);
    }

    @Test
    void recoversAFormatsPrefillMultiplierWhenPromptsRanInItAndAtSixteenBits() {
        Efficiency base = catalog.engine("trtllm").efficiency();
        Efficiency truth = base.withPrefillShape(0, Map.of("fp8", 0.7));
        Engine generating = catalog.engine("trtllm").calibratedWith(truth, Map.of(), "truth");
        Gpu gpu = catalog.gpu("h100-sxm-80g");
        List<Measurement> rows = new ArrayList<>();
        for (String format : List.of("fp16", "fp8")) {
            for (String model : List.of("llama-2-7b", "gpt-j-6b")) {
                Deployment d = new Deployment(catalog.model(model), catalog.serverFor(gpu, 1), 1, 1, 1,
                        catalog.format(format), catalog.format(format), generating, 1, 128, 128);
                rows.add(synthetic(Measurement.Kind.DECODE_BATCH1, d));
                for (int prompt : new int[] {512, 1024, 2048}) {
                    rows.add(synthetic(Measurement.Kind.TTFT, new Deployment(d.model(), d.server(), 1, 1, 1,
                            d.weights(), d.kv(), generating, 1, prompt, 1)));
                }
            }
        }
        List<Fitter.Shape> shape = Fitter.prefillShape(rows);
        assertEquals(List.of(new Fitter.Shape("fp8")), shape, "fp16 is the reference; fp8 ran at its own FP8 peak");
        List<Measurement> fromPriors = fromPriors(rows);
        Efficiency fitted = fitter.fitOne(fromPriors, base, null, shape);
        assertEquals(0.7, fitted.prefillFormatFactor("fp8"), 0.02);
        assertEquals(base.prefillMfu(), fitted.prefillMfu(), 0.02 * base.prefillMfu());
        assertEquals(1.0, fitted.prefillFormatFactor("fp16"));
        assertEquals(List.of(), Fitter.prefillShape(rows.stream()
                .filter(m -> m.deployment().weights().id().equals("fp8")).toList()), "without 16-bit prompts it is not identified");
    }

    /** The rows as a fit sees them: the same measurements, each deployment on the catalog's trtllm priors rather than the truth. */
    private List<Measurement> fromPriors(List<Measurement> rows) {
        return rows.stream().map(m -> new Measurement(m.file(), m.line(), m.kind(),
                m.deployment().withEngine(catalog.engine("trtllm")), m.measured())).toList();
    }

    /** Throughput rows of {@code model} at TP {@code tp} on H100 SXM, 128 in / 128 out, at each batch, as {@code generating} produces them. */
    private List<Measurement> throughputRows(Engine generating, String model, int tp, int... batches) {
        Deployment base = new Deployment(catalog.model(model), catalog.serverFor(catalog.gpu("h100-sxm-80g"), tp), tp, 1, 1,
                catalog.format("fp16"), catalog.format("fp16"), generating, 1, 128, 128);
        return java.util.stream.IntStream.of(batches).mapToObj(batch -> synthetic(Measurement.Kind.THROUGHPUT, base.withBatch(batch))).toList();
    }

    /** {@code asked}'s fit of the rows from the priors, after checking that the rows identify {@code extra} (and only it). */
    private Efficiency fitIdentified(Fitter asked, List<Measurement> fromPriors, Fitter.Extra extra) {
        List<Fitter.Factor> extras = asked.extras(fromPriors, List.of());
        assertEquals(List.of(extra), extras);
        return asked.fitOne(fromPriors, catalog.engine("trtllm").efficiency(), null, extras);
    }

    private Measurement synthetic(Measurement.Kind kind, Deployment d) {
        return new Measurement("synthetic", 0, kind, d, kind.predicted(d, estimator.estimate(d, null)));
    }

    @Test
    void aFactorThatEndsAtABoundOfTheFitIsFlaggedAndAPhysicalOneIsNot() {
        // TensorRT-LLM's ampere-hbm fit once shipped decodeMbu 1.0000: memory read at the datasheet peak.
        Efficiency atPeak = new Efficiency(1.0, 0.68, 0.46, 8.1, 8);
        Efficiency physical = new Efficiency(0.80, 0.38, 0.25, 2.9, 20);
        org.junit.jupiter.api.Assertions.assertEquals(List.of("decodeMbu 1.0000 (upper bound 1.0)"), Fitter.atBounds(atPeak));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), Fitter.atBounds(physical));
        Efficiency noOverhead = new Efficiency(0.80, 0.38, 0.25, 0.01, 20);
        org.junit.jupiter.api.Assertions.assertEquals(List.of("stepOverheadMs 0.0100 (lower bound 0.01)"), Fitter.atBounds(noOverhead));
    }

    @Test
    void aLayerOverheadIsRecoveredApartFromTheFlatOneWhenTheRowsSpanModelsOfDifferentDepthAndAskedFor() {
        Efficiency truth = catalog.engine("trtllm").efficiency().with(0.8, null, null, 1.0, null).withLayerOverheadUs(40);
        Engine generating = catalog.engine("trtllm").calibratedWith(truth, Map.of(), "truth");
        List<Measurement> rows = new ArrayList<>(throughputRows(generating, "llama-2-7b", 1, 1, 8, 64, 256));
        rows.addAll(throughputRows(generating, "llama-2-70b", 4, 1, 8, 64, 256));
        List<Measurement> fromPriors = fromPriors(rows);
        Fitter asked = new Fitter(estimator, java.util.Set.of(Fitter.Extra.layerOverheadUs));
        Efficiency fitted = fitIdentified(asked, fromPriors, Fitter.Extra.layerOverheadUs);
        // 7B: 1.0 + 32 x 0.040 = 2.28 ms a step; 70B: 1.0 + 80 x 0.040 = 4.2 ms.
        assertEquals(40, fitted.layerOverheadUs(), 4);
        assertEquals(1.0, fitted.stepOverheadMs(), 0.15);
        assertEquals(List.of(), fitter.extras(fromPriors, List.of()), "not asked: the shipped fit's four factors");
        List<Measurement> oneDepth = fromPriors.stream().filter(m -> m.deployment().model().layers() == 32).toList();
        assertEquals(List.of(), asked.extras(oneDepth, List.of()), "one depth: it is the flat overhead again");
    }

    @Test
    void theAllReduceLatencyIsFittedOnlyWhereRowsRunAtTpOneAndTensorParallelOverAScaleUpFabric() {
        Efficiency truth = catalog.engine("trtllm").efficiency().with(0.8, null, null, 1.0, 30.0);
        Engine generating = catalog.engine("trtllm").calibratedWith(truth, Map.of(), "truth");
        // Six rows at TP 1, six at TP 4 over NVLink.
        List<Measurement> rows = new ArrayList<>(throughputRows(generating, "llama-2-7b", 1, 1, 2, 8, 64, 128, 256));
        rows.addAll(throughputRows(generating, "llama-2-7b", 4, 1, 2, 8, 64, 128, 256));
        List<Measurement> fromPriors = fromPriors(rows);
        Fitter asked = new Fitter(estimator, java.util.Set.of(Fitter.Extra.allReduceLatencyUs));
        Efficiency fitted = fitIdentified(asked, fromPriors, Fitter.Extra.allReduceLatencyUs);
        // At TP 4 a step pays 2 x 32 all-reduces x 30 us = 1.92 ms beyond TP 1's 1.0 ms of overhead.
        assertEquals(30, fitted.allReduceLatencyUs(), 3);
        assertEquals(1.0, fitted.stepOverheadMs(), 0.15);
        List<Measurement> tpOne = fromPriors.stream().filter(m -> m.deployment().tensorParallel() == 1).toList();
        assertEquals(List.of(), asked.extras(tpOne, List.of()), "TP 1 only: no all-reduce to time");
    }

    @Test
    void thePrefillOverheadIsToldApartFromTheStepOverheadByPromptsBesideDecodeSteps() {
        Efficiency truth = catalog.engine("trtllm").efficiency().with(0.8, null, null, 1.0, null).withPrefillLayerOverheadUs(100);
        Engine generating = catalog.engine("trtllm").calibratedWith(truth, Map.of(), "truth");
        Gpu gpu = catalog.gpu("h100-sxm-80g");
        List<Measurement> rows = new ArrayList<>();
        for (String model : List.of("llama-2-7b", "gpt-j-6b")) {
            Deployment base = new Deployment(catalog.model(model), catalog.serverFor(gpu, 1), 1, 1, 1,
                    catalog.format("fp16"), catalog.format("fp16"), generating, 1, 128, 128);
            for (int tokens : new int[] {128, 512, 2048}) {
                rows.add(synthetic(Measurement.Kind.TTFT, new Deployment(base.model(), base.server(), 1, 1, 1, base.weights(), base.kv(), generating, 1, tokens, 1)));
            }
            rows.add(synthetic(Measurement.Kind.DECODE_BATCH1, base));
            for (int batch : new int[] {8, 64}) {
                rows.add(synthetic(Measurement.Kind.THROUGHPUT, base.withBatch(batch)));
            }
        }
        List<Measurement> fromPriors = fromPriors(rows);
        Fitter asked = new Fitter(estimator, java.util.Set.of(Fitter.Extra.prefillLayerOverheadUs));
        Efficiency fitted = fitIdentified(asked, fromPriors, Fitter.Extra.prefillLayerOverheadUs);
        // A 7B prompt's step: 1.0 ms + 32 x 100 us = 4.2 ms of fixed cost; its decode steps 1.0 ms.
        assertEquals(100, fitted.prefillLayerOverheadUs(), 10);
        assertEquals(1.0, fitted.stepOverheadMs(), 0.15);
        List<Measurement> decodeOnly = fromPriors.stream().filter(m -> m.kind() != Measurement.Kind.TTFT).toList();
        assertEquals(List.of(), asked.extras(decodeOnly, List.of()), "no prompt timed alone: nothing tells it apart");
    }

    @Test
    void theAttentionMbuIsFittedOnlyWhereRowsTimeTheKvReadAndFlaggedAtItsBounds() {
        Engine trtllm = catalog.engine("trtllm");
        Gpu gpu = catalog.gpu("h100-sxm-80g");
        Deployment shortContext = new Deployment(catalog.model("llama-2-7b"), catalog.serverFor(gpu, 1), 1, 1, 1,
                catalog.format("fp16"), catalog.format("fp16"), trtllm, 1, 128, 128);
        // Llama-2-7B (MHA): 0.5 MB of 16-bit KV per token; at batch 1 and 192 tokens that is 0.1 GB beside 13.5 GB of weights.
        assertEquals(false, Fitter.timesKvRead(new Measurement("m", 1, Measurement.Kind.THROUGHPUT, shortContext, 1)));
        Deployment longContext = new Deployment(shortContext.model(), shortContext.server(), 1, 1, 1, shortContext.weights(),
                shortContext.kv(), trtllm, 64, 2048, 2048);
        // At batch 64 and 3,072 tokens: 64 x 1.6 GB = 103 GB of KV a step against 13.5 GB of weights.
        assertEquals(true, Fitter.timesKvRead(new Measurement("m", 1, Measurement.Kind.THROUGHPUT, longContext, 1)));
        assertEquals(false, Fitter.timesKvRead(new Measurement("m", 1, Measurement.Kind.TTFT, longContext, 1)), "a prompt reads no cache");
        assertEquals(List.of("attentionMbu 1.0000 (bounds 0.05 to 1.0)"), Fitter.atBounds(new Efficiency(0.80, 0.38, 0.25, 2.9, 20).withAttentionMbu(1.0)));
    }
}
