package dev.infera.calibrate;

import dev.infera.catalog.Catalog;
import dev.infera.catalog.Efficiency;
import dev.infera.physics.Estimator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The accuracy targets, on the shipped measurements, under leave-one-GPU-out cross-validation. */
class CrossValidationTest {
    private static final Path CATALOG = Path.of("catalog");
    private final Catalog catalog = Catalog.loadPriors(CATALOG);
    private final Fitter fitter = new Fitter(new Estimator(catalog.assumptions()));

    @Test
    void shippedMeasurementsMeetTheAccuracyTargets() throws Exception {
        List<Prediction> predictions = CrossValidation.leaveOneGpuOut(shipped(), fitter);
        Map<Measurement.Kind, ErrorStats> overall = AccuracyTable.overall(predictions);
        ErrorStats decode = overall.get(Measurement.Kind.DECODE_BATCH1);
        ErrorStats throughput = overall.get(Measurement.Kind.THROUGHPUT);

        assertTrue(decode.n() >= 40, "decode rows: " + decode.n());
        assertTrue(throughput.n() >= 80, "throughput rows: " + throughput.n());
        for (AccuracyTarget target : AccuracyTarget.ALL) {
            ErrorStats s = overall.get(target.kind());
            assertTrue(target.metBy(s), target.what() + ": median " + s.median() + ", p90 " + s.p90() + " against " + target);
        }
    }

    @Test
    void fittingTheShippedMeasurementsBeatsThePriorsAndStopsAtNoBoundOfTheSearch() throws Exception {
        List<Measurement> rows = shipped();
        Map<String, Fitter.Profile> profiles = fitter.fit(rows);
        assertTrue(profiles.size() >= 2, "engines fitted: " + profiles.keySet());
        for (Fitter.Profile profile : profiles.values()) {
            List<Measurement> ofEngine = rows.stream().filter(m -> m.engineId().equals(profile.engine())).toList();
            Efficiency prior = ofEngine.get(0).deployment().engine().efficiency();
            double before = fitter.loss(ofEngine, prior), after = fitter.loss(ofEngine, profile.base());
            assertTrue(after < before, profile.engine() + ": fitted loss " + after + " not below the priors' " + before);
            // A default factor at a bound of the search (MBU 1.0, zero step overhead) compensates for
            // missing physics; the shipped rows must not need one.
            assertEquals(List.of(), Fitter.atBounds(profile.base()), profile.engine() + " default");
        }
    }

    private List<Measurement> shipped() throws Exception {
        List<Measurement> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(CATALOG.resolve("measurements"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                rows.addAll(MeasurementCsv.read(file, catalog, Aliases.load(CATALOG), null).measurements());
            }
        }
        return rows;
    }
}
