package dev.infera.report;

import dev.infera.text.Csv;
import dev.infera.text.Json;
import dev.infera.plan.EstimateColumns;

import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.plan.DeploymentSpec;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `infera estimate --input`: one output row per input row, in input order, as CSV or JSON lines. */
public final class EstimateRows {
    private EstimateRows() {}

    /** The CSV header: the input columns, then the outputs (batch appears once, as the batch used). */
    public static List<String> header() {
        List<String> header = new ArrayList<>(EstimateColumns.IN);
        EstimateColumns.OUT.stream().filter(c -> !c.equals("batch")).forEach(header::add);
        return header;
    }

    /** The header of a file with a {@code rate} column: also the load asked and the simulated percentiles. */
    public static List<String> headerWithLoad() {
        List<String> header = new ArrayList<>(header());
        header.addAll(dev.infera.plan.SpecCsv.LOAD_IN);
        header.addAll(SimulationText.COLUMNS);
        return header;
    }

    /** Writes {@code specs} (already resolved to {@code deployments}, so nothing bad is left to find halfway). */
    public static void write(List<DeploymentSpec> specs, List<Deployment> deployments, Catalog catalog, Estimator estimator,
                             boolean jsonl, Writer writer) throws IOException {
        write(specs, deployments, null, catalog, estimator, jsonl, writer);
    }

    /**
     * As above; {@code loads} (null: no rate column) holds each row's load to simulate, null for a row without a rate.
     * A simulated row's ttft_ms and tpot_ms are the simulated means, its batch the closed form's at the rate.
     */
    public static void write(List<DeploymentSpec> specs, List<Deployment> deployments, List<dev.infera.sim.LoadSpec> loads,
                             Catalog catalog, Estimator estimator, boolean jsonl, Writer writer) throws IOException {
        List<String> header = loads == null ? header() : headerWithLoad();
        if (!jsonl) {
            writer.write(Csv.line(header) + "\n");
        }
        for (int i = 0; i < specs.size(); i++) {
            DeploymentSpec spec = specs.get(i);
            Deployment d = deployments.get(i);
            dev.infera.sim.LoadSpec load = loads == null ? null : loads.get(i);
            Estimate e = load == null ? spec.estimate(d, catalog, estimator)
                    : Double.isInfinite(load.requestsPerS()) ? estimator.estimateAtMaxBatch(d, catalog.price(d.gpu()).orElse(null))
                    : estimator.estimateAtRate(d, load.requestsPerS(), catalog.price(d.gpu()).orElse(null));
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("model", d.model().id());
            record.put("gpu", spec.hardware());
            record.put("gpus", d.totalGpus());
            record.put("tp", d.tensorParallel());
            record.put("pp", d.pipelineParallel());
            record.put("weights", d.weights().id());
            record.put("kv", d.kv().id());
            record.put("engine", d.engine().id());
            record.putAll(EstimateColumns.out(d, e));
            record.put("input_tokens", d.inputTokens());
            record.put("output_tokens", d.outputTokens());
            if (loads != null) {
                record.put("rate", load == null ? null : Double.isInfinite(load.requestsPerS()) ? "inf" : load.requestsPerS());
                record.put("requests", load == null ? null : load.requests());
                if (load != null && e.supported() && e.fits()) {
                    record.putAll(SimulationText.columns(dev.infera.sim.Simulation.run(d, estimator, load, dev.infera.sim.Sla.NONE, false)));
                }
            }
            if (jsonl) {
                writer.write(Json.line(record) + "\n");
            } else {
                writer.write(Csv.line(header.stream().map(record::get).toList()) + "\n");
            }
        }
    }
}
