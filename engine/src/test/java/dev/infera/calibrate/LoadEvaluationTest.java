package dev.infera.calibrate;

import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import dev.infera.physics.StepTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadEvaluationTest {
    private static final Path CATALOG = Path.of("catalog");
    private static final Catalog PRIORS = Catalog.loadPriors(CATALOG);
    private static final Estimator ESTIMATOR = new Estimator(PRIORS.assumptions());

    @TempDir
    Path dir;

    /**
     * The shipped Oracle row at batch 1 (vLLM, Llama 3.1 405B FP8 on 8 x MI300X, 128 in / 128 out, 36 tokens/s
     * measured), by hand: one request sent alone prefills its 128 prompt tokens in one step (the token budget holds
     * them) and gets its first token at that step's end, then decodes one token per step at context 128 + k for
     * k = 1..127; throughput = 128 / (prefill step + the 127 decode steps), each step from the physics' StepTime.
     */
    @Test
    void aBatchOneRowIsItsPrefillStepAndItsDecodeStepsByHand() {
        LoadRow row = LoadCsv.read(CATALOG.resolve("measurements").resolve(LoadCsv.FILE_NAME), PRIORS).rows().stream()
                .filter(r -> r.source().equals("oracle-vllm-mi300x") && r.load().requests() != null && r.load().requests() == 1)
                .findFirst().orElseThrow();
        assertEquals(36.0, row.measured().get(LoadRow.Statistic.THROUGHPUT));
        Deployment d = row.deployment();
        StepTime physics = StepTime.of(d, ESTIMATOR);
        double seconds = physics.stepSeconds(0, 0, 128, physics.prefillChunkFlops(0, 128));
        double ttft = seconds;
        for (int k = 1; k <= 127; k++) {
            seconds += physics.stepSeconds(1, 128 + k, 0, 0);
        }
        double byHand = 128 / seconds;

        List<LoadEvaluation.Prediction> p = LoadEvaluation.predict(List.of(row), r -> r.deployment().engine(), ESTIMATOR);
        assertEquals(1, p.size());
        assertEquals(byHand, p.get(0).predicted(), byHand * 1e-9);
        assertEquals(ttft * 1000, LoadRow.Statistic.TTFT_MEAN.of(
                dev.infera.sim.Simulation.run(d, ESTIMATOR, row.load(), dev.infera.sim.Sla.NONE, false), d), 1e-6);
    }

    @Test
    void aFoldHoldsOutExactlyItsSourceAndItsFitNeverSeesIt() {
        List<LoadRow> rows = LoadCsv.read(CATALOG.resolve("measurements").resolve(LoadCsv.FILE_NAME), PRIORS).rows();
        List<LoadEvaluation.Fold> folds = LoadEvaluation.folds(rows);
        assertEquals(LoadEvaluation.rowsBySource(rows).keySet().stream().toList(), folds.stream().map(LoadEvaluation.Fold::source).toList());
        Map<LoadRow, Double> running = new HashMap<>();
        rows.forEach(r -> running.put(r, 8.0));
        for (LoadEvaluation.Fold fold : folds) {
            assertTrue(fold.test().stream().allMatch(r -> r.source().equals(fold.source())));
            assertTrue(fold.train().stream().noneMatch(r -> r.source().equals(fold.source())));
            assertEquals(rows.size(), fold.train().size() + fold.test().size());
            Set<String> held = fold.test().stream().map(LoadRow::where).collect(Collectors.toSet());
            List<Measurement> fitted = LoadEvaluation.fittable(fold.train(), List.of(), running);
            assertTrue(fitted.stream().noneMatch(m -> held.contains(m.where())), fold.source());
        }
    }

    @Test
    void aFitFromOneGpuFamilyStaysOnThatFamilyAndOneVendorsRowsOnThatVendor() {
        List<LoadRow> rows = LoadCsv.read(CATALOG.resolve("measurements").resolve(LoadCsv.FILE_NAME), PRIORS).rows();
        LoadRow mi300x = rows.stream().filter(r -> r.deployment().gpu().id().equals("mi300x-192g")).findFirst().orElseThrow();
        LoadRow h100 = rows.stream().filter(r -> r.deployment().gpu().id().equals("h100-sxm-80g")).findFirst().orElseThrow();
        assertEquals("AMD:cdna3-hbm", LoadEvaluation.family(mi300x.deployment()));
        assertTrue(LoadEvaluation.transfers(Set.of("AMD:cdna3-hbm"), mi300x));
        assertFalse(LoadEvaluation.transfers(Set.of("AMD:cdna3-hbm"), h100), "MI300X rows alone say nothing of vLLM on an H100");
        assertTrue(LoadEvaluation.transfers(Set.of("NVIDIA:ampere-hbm", "NVIDIA:ada-gddr"), h100), "two NVIDIA families fit engine-wide factors");
        assertFalse(LoadEvaluation.transfers(Set.of("AMD:cdna3-hbm", "NVIDIA:ampere-hbm"), h100),
                "one NVIDIA family beside AMD's: ROCm's rows do not tell CUDA's kernels, and one family does not reach another");
        assertTrue(LoadEvaluation.transfers(Set.of("AMD:cdna3-hbm", "NVIDIA:hopper-hbm"), h100), "its own family is in the fit");
        assertFalse(LoadEvaluation.transfers(null, h100), "no fit rows: priors");
    }

    /** Changing what a held-out source measured changes nothing about its predictions, and does change another fold's fit. */
    @Test
    void aHeldOutSourcesNumbersNeverReachItsPredictions() throws IOException {
        List<LoadRow> rows = LoadCsv.read(small(1.0), PRIORS).rows();
        List<LoadRow> doubled = LoadCsv.read(small(2.0), PRIORS).rows();
        Fitter fitter = new Fitter(ESTIMATOR);
        List<LoadEvaluation.Prediction> baseline = LoadEvaluation.predict(rows, r -> r.deployment().engine(), ESTIMATOR);
        List<LoadEvaluation.Prediction> a = LoadEvaluation.leaveOneSourceOut(rows, List.of(), baseline, fitter, ESTIMATOR);
        List<LoadEvaluation.Prediction> b = LoadEvaluation.leaveOneSourceOut(doubled, List.of(), baseline(doubled, baseline), fitter, ESTIMATOR);
        assertEquals(predicted(a, "s1"), predicted(b, "s1"), "s1's own numbers doubled: its held-out predictions are the same");
        assertNotEquals(predicted(a, "s2"), predicted(b, "s2"), "s1 is in s2's fold: s2's fit moves");
        assertFalse(predicted(a, "s1").isEmpty());
    }

    /** An engine the older files have no rows of is still evaluated under load: the leave-one-GPU-out part says it has nothing. */
    @Test
    void calibrateEvaluatesAnEngineWithServingRowsOnly() throws IOException {
        Path file = dir.resolve("lmdeploy.csv");
        Files.write(file, List.of("source_id,source_url,framework,model,gpu,weight_format,input_tokens,output_tokens,concurrency,requests,"
                        + "output_tokens_per_s,ttft_mean_ms",
                "x,https://example.org,lmdeploy,llama-2-7b,a100-sxm-80g,fp16,128,128,4,20,400,30",
                "y,https://example.org,lmdeploy,llama-2-7b,a100-sxm-80g,fp16,128,128,8,20,700,40"));
        String printed = evaluateLmdeploy(file);
        assertTrue(printed.contains("no calibration rows of engine lmdeploy: no leave-one-GPU-out evaluation"), printed);
        assertTrue(printed.contains("lmdeploy.csv: 2 rows, 2 used, 0 dropped; sources: x 1, y 1"), printed);
        assertTrue(printed.matches("(?s).*\\nlmdeploy +mean TTFT at a concurrency +2 .*"), printed);
        assertTrue(printed.contains("target mean TTFT at a rate: median <= 20.0% -> no row publishes it: NOT met (not measured)"), printed);
    }

    /**
     * The p99 TTFT and p90 TPOT lines come from the simulator's percentiles: two rate rows with no throughput (so no fold
     * refits anything and held-out = the priors' simulation), each measured at 1.25 x the simulated p99 TTFT and
     * 0.8 x the simulated p90 TPOT, print |1 / 1.25 - 1| = 20.0 % and |1 / 0.8 - 1| = 25.0 % held-out error.
     */
    @Test
    void theP99TtftAndP90TpotLinesAreTheSimulatedPercentilesError() throws IOException {
        String header = "source_id,source_url,framework,model,gpu,weight_format,input_tokens,output_tokens,request_rate,requests,"
                + "ttft_p99_ms,tpot_p90_ms";
        String[] rows = {"x,https://example.org,lmdeploy,llama-2-7b,a100-sxm-80g,fp16,512,128,4,60,",
                "y,https://example.org,lmdeploy,llama-2-7b,a100-sxm-80g,fp16,1024,128,2,60,"};
        Path probe = dir.resolve("probe.csv");
        Files.write(probe, List.of(header, rows[0] + "1,1", rows[1] + "1,1"));
        List<LoadEvaluation.Prediction> sim = LoadEvaluation.predict(LoadCsv.read(probe, PRIORS).rows(), r -> r.deployment().engine(), ESTIMATOR);
        assertEquals(4, sim.size());
        List<String> lines = new ArrayList<>(List.of(header));
        for (int i = 0; i < rows.length; i++) {
            int row = i;
            double ttft = sim.stream().filter(p -> p.row().line() == row + 2 && p.statistic() == LoadRow.Statistic.TTFT_P99)
                    .findFirst().orElseThrow().predicted();
            double tpot = sim.stream().filter(p -> p.row().line() == row + 2 && p.statistic() == LoadRow.Statistic.TPOT_P90)
                    .findFirst().orElseThrow().predicted();
            lines.add(rows[i] + ttft * 1.25 + "," + tpot * 0.8);
        }
        Path file = dir.resolve("p99.csv");
        Files.write(file, lines);
        String printed = evaluateLmdeploy(file);
        assertTrue(printed.matches("(?s).*\\noverall +p99 TTFT at a rate +2 +\\S+ +\\S+ +20\\.0% +20\\.0% *\\n.*"), printed);
        assertTrue(printed.matches("(?s).*\\noverall +p90 TPOT at a rate +2 +\\S+ +\\S+ +25\\.0% +25\\.0% *\\n.*"), printed);
        assertTrue(printed.contains("reported p99 TTFT at a rate (no target named): n 2, median 20.0%, p90 20.0%"), printed);
        assertTrue(printed.contains("reported p90 TPOT at a rate (no target named): n 2, median 25.0%, p90 25.0%"), printed);
    }

    @Test
    void thePredictionsFileHoldsEveryPublishedStatisticWithItsShippedAndHeldOutPrediction() throws IOException {
        Path serving = small(1.0);
        Path out = dir.resolve("predictions.csv");
        java.io.StringWriter printed = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.infera.cli.Main.run(new java.io.PrintWriter(printed), new java.io.PrintWriter(err), "calibrate", "--evaluate",
                "--engine", "trtllm", "--serving", serving.toString(), "--predictions", out.toString());
        assertEquals(dev.infera.cli.Main.OK, code, err + printed.toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals(String.join(",", LoadEvaluation.PREDICTION_COLUMNS), lines.get(0));
        // Twelve rows, each publishing one statistic (throughput), in file order.
        assertEquals(13, lines.size());
        List<String> first = dev.infera.text.Csv.parse(lines.get(1));
        assertEquals("small-1.0.csv:2", first.get(0));
        assertEquals("s1", first.get(1));
        assertEquals("output throughput", first.get(10));
        double measured = Double.parseDouble(first.get(11));
        double held = Double.parseDouble(first.get(13));
        assertEquals(9000, measured, 1e-6);
        assertEquals(held / measured - 1, Double.parseDouble(first.get(14)), 1e-4);
    }

    /** What `calibrate --evaluate --engine lmdeploy --serving FILE` prints; it must succeed. */
    private static String evaluateLmdeploy(Path file) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.infera.cli.Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), "calibrate", "--evaluate",
                "--engine", "lmdeploy", "--serving", file.toString());
        String printed = out.toString();
        assertEquals(dev.infera.cli.Main.OK, code, err + printed);
        return printed;
    }

    /** The same batches per row as {@code of}, for rows read again from another file. */
    private static List<LoadEvaluation.Prediction> baseline(List<LoadRow> rows, List<LoadEvaluation.Prediction> of) {
        List<LoadEvaluation.Prediction> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            LoadEvaluation.Prediction p = of.get(i);
            out.add(new LoadEvaluation.Prediction(rows.get(i), p.statistic(), p.measured(), p.predicted(), p.meanRunning()));
        }
        return out;
    }

    private static List<Double> predicted(List<LoadEvaluation.Prediction> ps, String source) {
        return ps.stream().filter(p -> p.row().source().equals(source)).map(LoadEvaluation.Prediction::predicted).toList();
    }

    /** Two sources of six all-at-once TensorRT-LLM rows each (50 requests: fast); source s1's throughputs scaled by {@code scale}. */
    private Path small(double scale) throws IOException {
        List<String> lines = new ArrayList<>(List.of("source_id,source_url,framework,model,gpu,gpu_count,tp,weight_format,"
                + "input_tokens,output_tokens,request_rate,requests,output_tokens_per_s"));
        int[][] lengths = {{128, 128}, {128, 256}, {256, 128}, {512, 128}, {128, 512}, {256, 256}};
        double[] measured = {9000, 8000, 7000, 5000, 7500, 6500};
        for (String source : List.of("s1", "s2")) {
            for (int i = 0; i < lengths.length; i++) {
                double value = measured[i] * (source.equals("s1") ? scale : 1);
                lines.add(source + ",https://example.org,trtllm,llama-3.1-8b," + (source.equals("s1") ? "h100-sxm-80g" : "h200-sxm-141g")
                        + ",1,1,fp8," + lengths[i][0] + "," + lengths[i][1] + ",inf,50," + value);
            }
        }
        Path file = dir.resolve("small-" + scale + ".csv");
        Files.write(file, lines);
        return file;
    }
}
