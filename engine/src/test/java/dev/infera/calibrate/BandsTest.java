package dev.infera.calibrate;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.ErrorBand;
import dev.infera.physics.Deployment;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Error bands from cross-validated predictions: signs in the estimate's terms, percentiles, and which band a GPU gets. */
class BandsTest {
    private static final Catalog CATALOG = TestCatalog.shipped();

    private static Prediction prediction(String gpu, String engine, Measurement.Kind kind, double measured, double predicted) {
        Deployment d = new DeploymentSpec("llama-3-8b", gpu, 1, 1, 1, "fp16", null, engine, 1, 512, 128).resolve(CATALOG);
        return new Prediction(new Measurement("m.csv", 2, kind, d, measured), predicted);
    }

    @Test
    void aSpeedIsTheInverseOfItsLatency() {
        // Decode measured at 80 tokens/s, estimated 100: the true TPOT is 100/80 = 1.25 x the estimate: +25 %.
        assertEquals(0.25, Bands.error(prediction("rtx-4090", "llama.cpp", Measurement.Kind.DECODE_BATCH1, 80, 100)), 1e-12);
        // TTFT measured 120 ms, estimated 100 ms: +20 %; throughput measured 900, estimated 1,000: -10 %.
        assertEquals(0.2, Bands.error(prediction("h100-sxm-80g", "trtllm", Measurement.Kind.TTFT, 120, 100)), 1e-12);
        assertEquals(-0.1, Bands.error(prediction("h100-sxm-80g", "trtllm", Measurement.Kind.THROUGHPUT, 900, 1000)), 1e-12);
    }

    @Test
    void aBandIsTheFifthToNinetyFifthPercentileAndThroughputAlsoBandsTpot() {
        List<Prediction> rows = new ArrayList<>();
        // Measured / estimated - 1 = -0.2, -0.1, 0, 0.1, 0.2 on five Hopper rows.
        for (double measured : new double[] {800, 900, 1000, 1100, 1200}) {
            rows.add(prediction("h100-sxm-80g", "trtllm", Measurement.Kind.THROUGHPUT, measured, 1000));
        }
        List<Bands.Row> bands = Bands.of(rows);
        Bands.Row hopper = bands.stream().filter(r -> r.family().equals("hopper") && r.quantity() == ErrorBand.Quantity.THROUGHPUT).findFirst().orElseThrow();
        // Rank 0.05 x 4 = 0.2 between -0.2 and -0.1: -0.18; rank 3.8: 0.18
        assertEquals(-0.18, hopper.band().low(), 1e-12);
        assertEquals(0.18, hopper.band().high(), 1e-12);
        assertEquals(5, hopper.band().n());
        Bands.Row tpot = bands.stream().filter(r -> r.family().equals("hopper") && r.quantity() == ErrorBand.Quantity.TPOT).findFirst().orElseThrow();
        // TPOT error = 1000 / measured - 1: from 1000/1200 - 1 = -0.167 to 1000/800 - 1 = +0.25
        assertTrue(tpot.band().low() < -0.15 && tpot.band().high() > 0.2, tpot.toString());
        assertTrue(bands.stream().anyMatch(r -> r.family().equals("*")));
    }

    @Test
    void aFamilyWithTooFewRowsHasNoBandOfItsOwn() {
        List<Prediction> rows = List.of(prediction("rtx-4090", "llama.cpp", Measurement.Kind.DECODE_BATCH1, 80, 100),
                prediction("rtx-4090", "llama.cpp", Measurement.Kind.DECODE_BATCH1, 90, 100));
        List<Bands.Row> bands = Bands.of(rows);
        assertFalse(bands.stream().anyMatch(r -> r.family().equals("ada")));
        assertEquals(1, bands.size());
    }

    @Test
    void theShippedBandsServeTheirEngineAndFamilyElseTheEngineElseTheUncalibratedBand() {
        var shipped = CATALOG.errorBands();
        assertTrue(shipped.isCalibrated());
        ErrorBand hopper = shipped.of("trtllm", "hopper", ErrorBand.Quantity.TTFT);
        assertTrue(hopper.calibrated() && hopper.n() == 20 && hopper.basis().contains("hopper"), hopper.toString());
        ErrorBand blackwell = shipped.of("trtllm", "blackwell", ErrorBand.Quantity.TTFT);
        assertTrue(blackwell.calibrated() && blackwell.basis().contains("no blackwell measurements"), blackwell.toString());
        ErrorBand vllm = shipped.of("vllm", "hopper", ErrorBand.Quantity.TPOT);
        assertFalse(vllm.calibrated());
        // TensorRT-LLM's Hopper TPOT band (+58.8 %) reaches above the priors' 50 %: the uncalibrated high end follows it;
        // no calibrated TPOT band reaches below -50 %, so the low end is the priors'.
        assertEquals(-0.5, vllm.low());
        assertEquals(shipped.of("trtllm", "hopper", ErrorBand.Quantity.TPOT).high(), vllm.high());
        assertTrue(vllm.basis().startsWith("uncalibrated"), vllm.basis());
    }
    @Test
    void theUncalibratedBandIsWiderThanEveryCalibratedBandOfItsQuantityAndSaysWhy() {
        var shipped = CATALOG.errorBands();
        List<String> engines = List.of("llama.cpp", "trtllm");
        List<String> families = List.of("*", "ada", "ampere", "hopper", "blackwell");
        for (ErrorBand.Quantity q : ErrorBand.Quantity.values()) {
            ErrorBand none = shipped.of("vllm", "hopper", q);
            assertFalse(none.calibrated(), none.toString());
            assertTrue(none.low() <= -0.5 && none.high() >= 0.5 && none.low() > -1, "at least the priors' error, above -100 %: " + none);
            for (String engine : engines) {
                for (String family : families) {
                    ErrorBand b = shipped.of(engine, family, q);
                    if (b.calibrated()) {
                        assertTrue(none.low() <= b.low() && none.high() >= b.high(),
                                q.id() + ": uncalibrated " + none.low() + "/" + none.high() + " does not contain " + engine + " on " + family + " " + b.low() + "/" + b.high());
                    }
                }
            }
        }
        // llama.cpp's prompt band (+116 % on ampere) reaches beyond the priors' 51 %: the uncalibrated TTFT band follows it and names it.
        ErrorBand ttft = shipped.of("vllm", "hopper", ErrorBand.Quantity.TTFT);
        assertTrue(ttft.high() > 0.51, ttft.toString());
        assertEquals(-0.51, ttft.low(), "no calibrated TTFT band reaches below the priors' -51 %");
        assertTrue(ttft.basis().startsWith("uncalibrated: vllm has no measurements of ttft") && ttft.basis().contains("its high end the widest calibrated"), ttft.basis());
    }
}
