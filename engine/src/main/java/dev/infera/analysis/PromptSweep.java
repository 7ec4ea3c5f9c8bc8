package dev.infera.analysis;

import dev.infera.catalog.Catalog;
import dev.infera.catalog.Price;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.plan.Candidate;
import dev.infera.workload.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * TTFT alone (one request on idle GPUs) of a candidate at prompt lengths from 256 tokens, doubling,
 * up to the model's context limit less the output, plus the scenario's own prompt.
 */
public final class PromptSweep {
    public static final int SHORTEST_PROMPT_TOKENS = 256;

    public record Point(int promptTokens, Estimate estimate) {}

    private PromptSweep() {}

    public static List<Point> of(Catalog catalog, Estimator estimator, Workload w, Candidate c) {
        Deployment d = c.deployment();
        Set<Integer> lengths = new TreeSet<>();
        int longest = Math.max(w.inputTokens(), d.model().maxContext() - d.outputTokens());
        for (int l = SHORTEST_PROMPT_TOKENS; l <= longest; l *= 2) {
            lengths.add(l);
        }
        lengths.add(w.inputTokens());
        Price price = catalog.price(c.gpuSpec()).orElse(null);
        List<Point> out = new ArrayList<>();
        for (int length : lengths) {
            out.add(new Point(length, estimator.estimate(d.withPromptTokens(length), price)));
        }
        return out;
    }
}
