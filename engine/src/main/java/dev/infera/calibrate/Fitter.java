package dev.infera.calibrate;

import dev.infera.catalog.Efficiency;
import dev.infera.catalog.Engine;
import dev.infera.catalog.Precision;
import dev.infera.physics.Deployment;
import dev.infera.physics.ComputeRate;
import dev.infera.physics.Estimator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Fits an engine's efficiency factors (decode MBU, prefill MFU, decode MFU, per-step overhead) to
 * measurements by minimising the mean (Huber-robust) squared log error of the estimates, with a deterministic
 * pattern search inside physical bounds (fractions in (0, 1], overhead >= 0).
 *
 * <p>Per engine, in three levels: all its rows; then each memory class ("hbm", "gddr"); then each
 * family within a class ("ada-gddr"). A level with fewer than {@link #MIN_MEASUREMENTS} rows is
 * not fitted: its GPUs use the level above. A lower level starts from, and is pulled gently
 * towards, the level above, so that a factor its rows say nothing about stays where it was.
 */
public final class Fitter {
    /** Fewer measurements than this do not fit a level of their own. */
    public static final int MIN_MEASUREMENTS = 6;
    /** Weight of the pull towards the parent level, per squared log-ratio of each factor. */
    static final double SHRINKAGE = 0.002;
    /** Log error (about 20 %) beyond which a row's pull on the fit grows linearly, not quadratically. */
    static final double HUBER_LOG = 0.2;
    private static final int BASE = 4;
    private static final double[] LOWER = {0.05, 0.02, 0.02, 0.01};
    private static final double[] UPPER = {1.0, 1.0, 1.0, 50.0};

    /** Fitted efficiencies of one engine: its default and per profile key, with the rows behind each. */
    public record Profile(String engine, Efficiency base, Map<String, Efficiency> byKey, Map<String, Integer> rows, int total,
                          List<String> files) {
        public Engine applyTo(Engine prior, String note) {
            return prior.calibratedWith(base, byKey, note);
        }

        /**
         * Factors that ended at a bound of the search, by level ("default" or a byFamily key): the rows
         * push them past what is physical (an MBU of 1.0 reads memory at the datasheet peak), so the
         * fit there compensates for something the physics lacks and is flagged, never shipped silently.
         */
        public Map<String, List<String>> atBounds() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            List<String> ofBase = Fitter.atBounds(base);
            if (!ofBase.isEmpty()) {
                out.put("default", ofBase);
            }
            byKey.forEach((key, e) -> {
                List<String> of = Fitter.atBounds(e);
                if (!of.isEmpty()) {
                    out.put(key, of);
                }
            });
            return out;
        }
    }

    private static final String[] NAMES = {"decodeMbu", "prefillMfu", "decodeMfu", "stepOverheadMs"};
    /** A factor within this share of its search range from a bound has stopped at the bound. */
    private static final double AT_BOUND = 1e-3;

    /** "decodeMbu 1.0000 (upper bound 1.0)" for each base factor of {@code e} that sits at a bound of the search. */
    static List<String> atBounds(Efficiency e) {
        double[] v = vector(e);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < BASE; i++) {
            double slack = AT_BOUND * (UPPER[i] - LOWER[i]);
            if (v[i] >= UPPER[i] - slack) {
                out.add(String.format(java.util.Locale.ROOT, "%s %.4f (upper bound %s)", NAMES[i], v[i], UPPER[i]));
            } else if (v[i] <= LOWER[i] + slack) {
                out.add(String.format(java.util.Locale.ROOT, "%s %.4f (lower bound %s)", NAMES[i], v[i], LOWER[i]));
            }
        }
        for (Extra extra : Extra.values()) {
            if (extra.atBound(e)) {
                out.add(String.format(java.util.Locale.ROOT, "%s %.4f (bounds %s to %s)", extra.name(), extra.get(e), extra.lower(), extra.upper()));
            }
        }
        return out;
    }

    /**
     * Factors fitted only when asked (calibrate --also-fit), named as their engines.yaml keys: on the shipped rows they end at
     * their bounds or trade one held-out error for another (README, "Calibration and accuracy"), so the shipped overlay does not
     * use them.
     */
    public enum Extra implements Factor {
        /** The MBU of the decode attention's KV read, within the MBU's bounds; it starts from decodeMbu where none is set. */
        attentionMbu(LOWER[0], UPPER[0]),
        /**
         * The fixed cost per layer per step, in [0.5, 200] us: no kernel finishes faster than a few microseconds, and a layer
         * costing more than 200 us beyond its bytes and FLOPs would be a stall, not a cost.
         */
        layerOverheadUs(0.5, 200),
        /**
         * The latency of one small all-reduce over a scale-up fabric, in [2, 100] us: a one-shot kernel over NVLink takes a few
         * microseconds at best, and one slower than a PCIe ring's would not be a scale-up fabric.
         */
        allReduceLatencyUs(2, 100),
        /**
         * The launch cost per layer of a step carrying prompt tokens, in [0.5, 300] us: a layer's dozen or so kernels launched one by
         * one take a few microseconds each; more would be a stall, not launches.
         */
        prefillLayerOverheadUs(0.5, 300);

        private final double lower;
        private final double upper;

        Extra(double lower, double upper) {
            this.lower = lower;
            this.upper = upper;
        }

        public double get(Efficiency e) {
            return switch (this) {
                case attentionMbu -> e.kvReadMbu();
                case layerOverheadUs -> e.layerOverheadUs();
                case allReduceLatencyUs -> e.allReduceLatencyUs();
                case prefillLayerOverheadUs -> e.prefillLayerOverheadUs();
            };
        }

        public Efficiency set(Efficiency e, double v) {
            return switch (this) {
                case attentionMbu -> e.withAttentionMbu(v);
                case layerOverheadUs -> e.withLayerOverheadUs(v);
                case allReduceLatencyUs -> e.with(null, null, null, null, v);
                case prefillLayerOverheadUs -> e.withPrefillLayerOverheadUs(v);
            };
        }

        /** Whether {@code e} has this factor of its own (fitted or stated), not the default; every profile states its all-reduce latency. */
        boolean isSet(Efficiency e) {
            return switch (this) {
                case attentionMbu -> e.attentionMbu() > 0;
                case layerOverheadUs -> e.layerOverheadUs() > 0;
                case allReduceLatencyUs -> true;
                case prefillLayerOverheadUs -> e.prefillLayerOverheadUs() > 0;
            };
        }

        public double lower() {
            return lower;
        }

        public double upper() {
            return upper;
        }

        /** Whether {@code e}'s value of this factor is within {@link #AT_BOUND} of its range from either bound. */
        boolean atBound(Efficiency e) {
            double slack = AT_BOUND * (upper - lower);
            return isSet(e) && (get(e) >= upper - slack || get(e) <= lower + slack);
        }
    }

    private final Estimator estimator;
    private final java.util.Set<Extra> extras;

    public Fitter(Estimator estimator) {
        this(estimator, java.util.Set.of());
    }

    /** A fitter of the base factors and of {@code extras}, each extra where the rows identify it. */
    public Fitter(Estimator estimator, java.util.Set<Extra> extras) {
        this.estimator = estimator;
        this.extras = java.util.Set.copyOf(extras);
    }

    /** One profile per engine in {@code rows}, keyed by engine id, in id order. */
    public Map<String, Profile> fit(List<Measurement> rows) {
        Map<String, List<Measurement>> byEngine = group(rows, Measurement::engineId);
        Map<String, Profile> profiles = new TreeMap<>();
        byEngine.forEach((id, engineRows) -> profiles.put(id, fitEngine(engineRows)));
        return profiles;
    }

    private Profile fitEngine(List<Measurement> rows) {
        Engine prior = rows.get(0).deployment().engine();
        Efficiency all = fitLevel(rows, prior.efficiency(), null, extras(rows, prefillShape(rows)));
        Map<String, Efficiency> byKey = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (var memoryClass : group(rows, m -> m.deployment().gpu().memoryClass()).entrySet()) {
            Efficiency classFit = all;
            if (memoryClass.getValue().size() >= MIN_MEASUREMENTS) {
                classFit = fitLevel(memoryClass.getValue(), all, all, extras(memoryClass.getValue(), List.of()));
                byKey.put(memoryClass.getKey(), classFit);
                counts.put(memoryClass.getKey(), memoryClass.getValue().size());
            }
            for (var family : group(memoryClass.getValue(), m -> m.deployment().gpu().family()).entrySet()) {
                if (family.getValue().size() >= MIN_MEASUREMENTS) {
                    String key = family.getKey() + "-" + memoryClass.getKey();
                    byKey.put(key, fitLevel(family.getValue(), classFit, classFit, extras(family.getValue(), List.of())));
                    counts.put(key, family.getValue().size());
                }
            }
        }
        return new Profile(prior.id(), all, byKey, counts, rows.size(),
                List.copyOf(new TreeSet<>(rows.stream().map(Measurement::file).toList())));
    }

    /**
     * One level's fit: {@link #fitOne}, then again without any asked-for extra factor that ended at a bound of its range. A bound is
     * a limit of the physics, not a value: the rows pushed the factor there to make up for something else, so the level keeps the
     * value it inherits (its parent's, or engines.yaml's) and the other factors are fitted without it.
     */
    Efficiency fitLevel(List<Measurement> rows, Efficiency start, Efficiency parent, List<Factor> factors) {
        Efficiency fitted = fitOne(rows, start, parent, factors);
        List<Factor> kept = factors.stream().filter(f -> !(f instanceof Extra extra && extra.atBound(fitted))).toList();
        return kept.size() == factors.size() ? fitted : fitOne(rows, start, parent, kept);
    }

    /** A factor fitted beside the four base ones where the rows identify it, within its own physical bounds. */
    sealed interface Factor permits Shape, Extra {
        /** The factor's engines.yaml key. */
        String name();

        double get(Efficiency e);

        Efficiency set(Efficiency e, double v);

        double lower();

        double upper();
    }

    /**
     * {@code shape}, and of the asked-for extra factors those {@code rows} identify: the attention's MBU where enough of them
     * time the KV read ({@link #timesKvRead}), the layer overhead where their decode steps span models of different depth, the
     * all-reduce latency where enough run tensor parallel over a scale-up fabric and enough at TP 1, the prefill overhead where enough
     * time prompts and enough time decode steps.
     */
    List<Factor> extras(List<Measurement> rows, List<Shape> shape) {
        List<Factor> out = new ArrayList<>(shape);
        if (extras.contains(Extra.attentionMbu) && rows.stream().filter(Fitter::timesKvRead).count() >= MIN_MEASUREMENTS) {
            out.add(Extra.attentionMbu);
        }
        List<Measurement> steps = rows.stream().filter(Fitter::timesDecodeSteps).toList();
        if (extras.contains(Extra.layerOverheadUs) && steps.size() >= MIN_MEASUREMENTS
                && steps.stream().map(m -> m.deployment().model().layers()).distinct().count() >= 2) {
            out.add(Extra.layerOverheadUs);
        }
        if (extras.contains(Extra.allReduceLatencyUs)
                && rows.stream().filter(Fitter::allReducesOverScaleUpFabric).count() >= MIN_MEASUREMENTS
                && rows.stream().filter(m -> m.deployment().tensorParallel() == 1).count() >= MIN_MEASUREMENTS) {
            out.add(Extra.allReduceLatencyUs);
        }
        if (extras.contains(Extra.prefillLayerOverheadUs) && rows.stream().filter(Fitter::timesPrompts).count() >= MIN_MEASUREMENTS
                && steps.size() >= MIN_MEASUREMENTS) {
            out.add(Extra.prefillLayerOverheadUs);
        }
        return out;
    }

    /**
     * Whether {@code m}'s steps all-reduce over a scale-up fabric, where the engine's all-reduce latency applies (PCIe and networks
     * take the catalog's): with rows at TP 1 beside them, the latency is told apart from the step overhead every row pays.
     */
    private static boolean allReducesOverScaleUpFabric(Measurement m) {
        Deployment d = m.deployment();
        return d.tensorParallel() > 1 && dev.infera.physics.Links.tensorParallelLink(d).isScaleUpFabric();
    }

    /** Whether {@code m} times prompts alone (TTFT, prefill speed): with decode steps beside them, a prompt step's launches are told apart. */
    private static boolean timesPrompts(Measurement m) {
        return m.kind() == Measurement.Kind.TTFT || m.kind() == Measurement.Kind.PREFILL;
    }

    private static boolean timesDecodeSteps(Measurement m) {
        return m.kind() == Measurement.Kind.THROUGHPUT || m.kind() == Measurement.Kind.TPOT || m.kind() == Measurement.Kind.DECODE_BATCH1;
    }

    /** Share of a decode step's bytes that must be KV for a row to identify the attention's MBU apart from the weights'. */
    static final double KV_SHARE_IDENTIFIES = 0.25;

    /**
     * Whether {@code m} times decode steps whose KV read is at least {@link #KV_SHARE_IDENTIFIES} of their bytes: batch x KV at the
     * mean context >= share x (weights + that KV). Batch-1 and short-context rows read almost only weights and say nothing about it.
     */
    static boolean timesKvRead(Measurement m) {
        if (!timesDecodeSteps(m)) {
            return false;
        }
        Deployment d = m.deployment();
        double kv = d.batch() * dev.infera.physics.Memory.kvBytesPerSequence(d.model(), d.kv().bytesPerElement(), d.averageDecodeContextTokens());
        double weights = dev.infera.physics.Roofline.decodeWeightBytesPerStep(d.model(), d.weights().bitsPerWeight(), d.batch());
        return kv >= KV_SHARE_IDENTIFIES * (weights + kv);
    }

    /**
     * The format multipliers on prefill MFU that the rows can identify: a format's, when enough
     * prompts (TTFT, prefill speed) ran both in it, at its own non-16-bit compute precision, and at
     * 16 bits. Fitted once per engine and shared by every GPU profile: too few rows per family.
     * The half-saturation length is not fitted: the TensorRT-LLM rows time prompts of 128 and 2048
     * tokens, but the short-prompt excess they show grows with the GPU's speed (a fixed latency, not
     * underfilled matmuls), and a fitted length made leave-one-GPU-out TTFT errors worse.
     */
    static List<Shape> prefillShape(List<Measurement> rows) {
        List<Measurement> prompts = rows.stream()
                .filter(m -> m.kind() == Measurement.Kind.PREFILL || m.kind() == Measurement.Kind.TTFT).toList();
        List<Shape> shape = new ArrayList<>();
        long sixteenBit = prompts.stream().filter(m -> sixteenBit(m.deployment().weights().computePrecision())).count();
        if (sixteenBit >= MIN_MEASUREMENTS) {
            var formats = group(prompts.stream().filter(m -> ownPrecision(m) && !sixteenBit(m.deployment().weights().computePrecision())).toList(),
                    m -> m.deployment().weights().id());
            formats.forEach((format, of) -> {
                if (of.size() >= MIN_MEASUREMENTS) {
                    shape.add(new Shape(format));
                }
            });
        }
        return shape;
    }

    private static boolean sixteenBit(Precision p) {
        return p == Precision.FP16 || p == Precision.BF16;
    }

    private static boolean ownPrecision(Measurement m) {
        return ComputeRate.precisionOf(m.deployment()) == m.deployment().weights().computePrecision();
    }

    /** A format's multiplier on prefill MFU, fitted within (0.05, 1]: a product above 1 would beat the peak. */
    record Shape(String format) implements Factor {
        public String name() {
            return "prefillMfuByFormat." + format;
        }

        public double get(Efficiency e) {
            return e.prefillFormatFactor(format);
        }

        public double lower() {
            return 0.05;
        }

        public double upper() {
            return 1.0;
        }

        public Efficiency set(Efficiency e, double v) {
            Map<String, Double> byFormat = new TreeMap<>(e.prefillMfuByFormat());
            byFormat.put(format, v);
            return e.withPrefillShape(e.prefillHalfTokens(), byFormat);
        }
    }

    /**
     * Mean Huber loss of the log errors of {@code rows} estimated with {@code eff}: squared up to
     * {@link #HUBER_LOG}, linear beyond, so that one odd published number cannot drag a factor.
     */
    public double loss(List<Measurement> rows, Efficiency eff) {
        Engine probe = rows.get(0).deployment().engine().calibratedWith(eff, Map.of(), "probe");
        double sum = 0;
        for (Measurement m : rows) {
            double r = Math.abs(Math.log(predict(m, probe) / m.measured()));
            sum += r <= HUBER_LOG ? r * r : HUBER_LOG * (2 * r - HUBER_LOG);
        }
        return sum / rows.size();
    }

    /** The estimate's counterpart of {@code m} under {@code engine}'s efficiencies. */
    public double predict(Measurement m, Engine engine) {
        Deployment d = m.deployment().withEngine(engine);
        double value = m.kind().predicted(d, estimator.estimate(d, null));
        // A factor at its bound can make a term vanish; a non-finite estimate is as wrong as can be.
        return Double.isFinite(value) && value > 0 ? value : m.measured() * 1e3;
    }

    /**
     * Pattern search from {@code start}: try +-step on each factor, keep improvements, halve steps
     * when none. The four base factors always move; {@code shape} adds the factors {@link #extras} found identified (format multipliers, the asked-for extras).
     */
    Efficiency fitOne(List<Measurement> rows, Efficiency start, Efficiency parent, List<? extends Factor> shape) {
        int n = BASE + shape.size();
        double[] lower = new double[n];
        double[] upper = new double[n];
        double[] x = new double[n];
        System.arraycopy(LOWER, 0, lower, 0, BASE);
        System.arraycopy(UPPER, 0, upper, 0, BASE);
        System.arraycopy(vector(start), 0, x, 0, BASE);
        for (int i = 0; i < shape.size(); i++) {
            lower[BASE + i] = shape.get(i).lower();
            upper[BASE + i] = shape.get(i).upper();
            x[BASE + i] = shape.get(i).get(start);
        }
        for (int i = 0; i < n; i++) {
            x[i] = Math.max(lower[i], Math.min(upper[i], x[i]));
        }
        double[] anchor = parent == null ? null : vector(parent);
        Function<double[], Efficiency> efficiency = v -> {
            Efficiency e = new Efficiency(v[0], v[1], v[2], v[3], start.allReduceLatencyUs(), start.prefillHalfTokens(),
                    start.prefillMfuByFormat(), start.attentionMbu(), start.layerOverheadUs(), start.prefillLayerOverheadUs());
            for (int i = 0; i < shape.size(); i++) {
                e = shape.get(i).set(e, v[BASE + i]);
            }
            return e;
        };
        Function<double[], Double> objective = v -> {
            double penalty = 0;
            if (anchor != null) {
                for (int i = 0; i < BASE; i++) {
                    penalty += SHRINKAGE * Math.pow(Math.log(v[i] / anchor[i]), 2);
                }
                for (int i = 0; i < shape.size(); i++) {
                    double anchorValue = Math.max(shape.get(i).lower(), shape.get(i).get(parent));
                    penalty += SHRINKAGE * Math.pow(Math.log(v[BASE + i] / anchorValue), 2);
                }
            }
            return loss(rows, efficiency.apply(v)) + penalty;
        };
        double best = objective.apply(x);
        double[] step = new double[n];
        for (int i = 0; i < n; i++) {
            step[i] = (upper[i] - lower[i]) / 8;
        }
        for (int iteration = 0; iteration < 400; iteration++) {
            boolean improved = false;
            for (int i = 0; i < n; i++) {
                for (double sign : new double[] {1, -1}) {
                    double[] trial = x.clone();
                    trial[i] = Math.max(lower[i], Math.min(upper[i], x[i] + sign * step[i]));
                    if (trial[i] == x[i]) {
                        continue;
                    }
                    double value = objective.apply(trial);
                    if (value < best - 1e-12) {
                        best = value;
                        x = trial;
                        improved = true;
                        break;
                    }
                }
            }
            if (!improved) {
                boolean done = true;
                for (int i = 0; i < n; i++) {
                    step[i] /= 2;
                    done &= step[i] < (upper[i] - lower[i]) * 1e-4;
                }
                if (done) {
                    break;
                }
            }
        }
        return efficiency.apply(x);
    }

    /** The four base factors; all-reduce latency is an {@link Extra}, fitted only where rows at TP 1 and above tell it apart. */
    private static double[] vector(Efficiency e) {
        return new double[] {e.decodeMbu(), e.prefillMfu(), e.decodeMfu(), e.stepOverheadMs()};
    }

    static <K extends Comparable<K>> Map<K, List<Measurement>> group(List<Measurement> rows, Function<Measurement, K> key) {
        Map<K, List<Measurement>> groups = new TreeMap<>();
        for (Measurement m : rows) {
            groups.computeIfAbsent(key.apply(m), k -> new ArrayList<>()).add(m);
        }
        return groups;
    }

    /** The distinct GPU ids of {@code rows}, sorted. */
    static List<String> gpus(List<Measurement> rows) {
        return List.copyOf(new TreeSet<>(rows.stream().map(Measurement::gpuId).toList()));
    }
}
