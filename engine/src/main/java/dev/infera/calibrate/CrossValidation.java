package dev.infera.calibrate;

import dev.infera.catalog.Engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Predictions of measurements with given profiles, and leave-one-GPU-out cross-validation. */
public final class CrossValidation {
    private CrossValidation() {}

    /** Each measurement predicted with its engine's profile; an engine without one keeps its priors. */
    public static List<Prediction> predict(List<Measurement> rows, Map<String, Fitter.Profile> profiles, Fitter fitter) {
        List<Prediction> out = new ArrayList<>();
        for (Measurement m : rows) {
            Engine prior = m.deployment().engine();
            Fitter.Profile profile = profiles.get(prior.id());
            Engine engine = profile == null ? prior : profile.applyTo(prior, "fit");
            out.add(new Prediction(m, fitter.predict(m, engine)));
        }
        return out;
    }

    /**
     * For each GPU: fit on every other GPU's rows, predict this GPU's. Folds run in parallel and are
     * joined in GPU order, so the result is the same on any number of cores.
     */
    public static List<Prediction> leaveOneGpuOut(List<Measurement> rows, Fitter fitter) {
        List<String> gpus = Fitter.gpus(rows);
        List<List<Prediction>> folds = IntStream.range(0, gpus.size()).parallel().mapToObj(i -> {
            String held = gpus.get(i);
            List<Measurement> train = rows.stream().filter(m -> !m.gpuId().equals(held)).toList();
            List<Measurement> test = rows.stream().filter(m -> m.gpuId().equals(held)).toList();
            return predict(test, fitter.fit(train), fitter);
        }).toList();
        return folds.stream().flatMap(List::stream).toList();
    }
}
