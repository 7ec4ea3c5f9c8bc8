package dev.infera.physics;

import dev.infera.catalog.Efficiency;
import dev.infera.catalog.Precision;

/**
 * How fast a deployment's GPUs compute: the precision its matmuls run at, that dense peak, the engine's
 * efficiencies on the GPU (MBU, MFU, overheads) and the overhead of each engine step at the deployment's TP.
 *
 * @param precision     the format's own where the GPU has it, 16 bits for a weight-only fallback, null when the GPU cannot run it
 * @param peakTflops    dense tensor peak per GPU at that precision (NaN without one)
 * @param efficiency    the engine's factors on this GPU family
 * @param prefillMfuMax saturated prefill MFU (see {@link #prefillMfuMax})
 * @param stepOverheadMs what every engine step costs beyond its bytes and FLOPs = engine's + (t - 1) x host overhead per rank
 *                       + layers x overhead per layer
 * @param prefillOverheadMs what a step that carries prompt tokens costs beyond that = layers x prefill overhead per layer
 *                       (its kernels launched one by one, not replayed from a CUDA graph)
 */
public record ComputeRate(Precision precision, double peakTflops, Efficiency efficiency, double prefillMfuMax, double stepOverheadMs,
        double prefillOverheadMs) {

    public static ComputeRate of(Deployment d) {
        Precision precision = precisionOf(d);
        Efficiency eff = d.engine().efficiencyOn(d.gpu());
        return new ComputeRate(precision, precision == null ? Double.NaN : peakTflops(d, precision), eff, prefillMfuMax(d, precision, eff),
                StepOverhead.stepOverheadMs(eff.stepOverheadMs(), d.tensorParallel(), d.engine().serving().hostOverheadPerRankMs(),
                        d.model().layers(), eff.layerOverheadUs()),
                StepOverhead.prefillOverheadMs(d.model().layers(), eff.prefillLayerOverheadUs()));
    }

    /** The precision the matmuls run at on the deployment's GPU (Format.computePrecisionOn: its own, a 16-bit fallback, or null). */
    public static Precision precisionOf(Deployment d) {
        return d.weights().computePrecisionOn(d.gpu());
    }

    /** The dense tensor peak the engine's matmuls reach = the catalog's, x 2 for FP16 accumulation on GeForce. */
    static double peakTflops(Deployment d, Precision precision) {
        double listed = d.gpu().peakTflops(precision).orElse(Double.NaN);
        boolean fp16Accumulate = d.engine().fp16Accumulate() && precision == Precision.FP16 && d.gpu().halvesFp32Accumulate();
        return fp16Accumulate ? 2 * listed : listed;
    }

    /** The 16-bit tensor peak a speculator's matmuls run at (its checkpoint ships at 16 bits): FP16's, else BF16's (NaN when neither is sourced). */
    static double sixteenBitPeakTflops(Deployment d) {
        for (Precision sixteen : new Precision[] {Precision.FP16, Precision.BF16}) {
            if (d.gpu().peakTflops(sixteen).isPresent()) {
                return peakTflops(d, sixteen);
            }
        }
        return Double.NaN;
    }

    /** Saturated prefill MFU = the engine's x its format multiplier where the GPU runs the format's own precision (a 16-bit fallback is another kernel). */
    static double prefillMfuMax(Deployment d, Precision precision, Efficiency eff) {
        return eff.prefillMfu() * formatFactor(d, precision, eff);
    }

    /** The engine's prefill multiplier for the format, 1 under a fallback precision. */
    static double formatFactor(Deployment d, Precision precision, Efficiency eff) {
        return precision == d.weights().computePrecision() ? eff.prefillFormatFactor(d.weights().id()) : 1;
    }
}
