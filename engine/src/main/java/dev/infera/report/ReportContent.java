package dev.infera.report;

import dev.infera.advice.ArchitectureLabel;
import dev.infera.text.Numbers;
import dev.infera.text.Table;

import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.advice.Recommendation;
import dev.infera.advice.Rejection;
import dev.infera.analysis.Families;
import dev.infera.analysis.LoadSweep;
import dev.infera.analysis.PromptSweep;
import dev.infera.analysis.Sensitivity;
import dev.infera.catalog.Assumptions;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Efficiency;
import dev.infera.catalog.ExportFact;
import dev.infera.catalog.Gpu;
import dev.infera.catalog.Model;
import dev.infera.catalog.Price;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.physics.Explain;
import dev.infera.plan.Candidate;
import dev.infera.rules.Finding;
import dev.infera.workload.Thresholds;
import dev.infera.workload.Constraints;
import dev.infera.workload.Scenario;
import dev.infera.workload.Workload;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a report shows, computed and formatted once, so the Markdown and HTML templates only
 * lay it out (and a company's own template cannot get a number wrong). Sections follow issue 6:
 * summary, request, comparison, charts, rationale, risks, assumptions and provenance.
 * Nothing here depends on the clock except {@code date}; every collection has a fixed order.
 */
public record ReportContent(
        String title,
        String scenarioName,
        String date,
        String version,
        String catalogFingerprint,
        String rulesFingerprint,
        boolean viable,
        String sentence,
        List<Fact> billOfMaterials,
        Table sla,
        List<Fact> cost,
        String runnerUp,
        String alternative,
        List<Fact> model,
        List<Fact> workload,
        List<Fact> constraints,
        Table hardwarePool,
        String counts,
        Table comparison,
        Table rejected,
        List<Chart> charts,
        List<FindingGroup> rationale,
        Table scenarioFindings,
        List<Explain.Derivation> derivations,
        List<Risk> risks,
        Table sensitivity,
        Table efficiency,
        Table assumptions,
        Table sources,
        ProcurementSection procurement) {

    /** Candidates of distinct families shown in the memory and frontier charts. */
    static final int CHART_FAMILIES = 4;

    public record Fact(String label, String value) {}

    /** A chart as inline SVG (HTML, PDF) and as the table of its numbers (Markdown, auditors). */
    public record Chart(String id, String title, String caption, String svg, Table data) {}

    public record FindingGroup(String family, String points, Table findings) {}

    public record Risk(String topic, String level, String text) {}

    public static ReportContent of(Advisor advisor, Advice advice, ReportOptions options) {
        return new Builder(advisor, advice, options).build();
    }

    private static final class Builder {
        private final Advisor advisor;
        private final Catalog catalog;
        private final Advice advice;
        private final ReportOptions options;
        private final Scenario scenario;
        private final Workload w;
        private final Thresholds thresholds;
        private final Recommendation winner;
        private final Estimator estimator;

        Builder(Advisor advisor, Advice advice, ReportOptions options) {
            this.advisor = advisor;
            this.catalog = advisor.catalog();
            this.advice = advice;
            this.options = options;
            this.scenario = advice.scenario();
            this.w = scenario.workload();
            this.thresholds = advice.thresholds();
            this.winner = advice.winner();
            this.estimator = new Estimator(catalog.assumptions());
        }

        ReportContent build() {
            Candidate c = winner == null ? null : winner.candidate();
            return new ReportContent(
                    "Inference deployment advice: " + modelName(),
                    scenario.name(),
                    options.date().toString(),
                    options.version(),
                    advice.catalogFingerprint(),
                    advice.rulesFingerprint(),
                    c != null,
                    sentence(c),
                    c == null ? List.of() : billOfMaterials(c),
                    c == null ? Table.of("metric").build() : sla(c),
                    c == null ? List.of() : cost(c),
                    runnerUp(),
                    alternative(),
                    modelFacts(c),
                    workloadFacts(),
                    constraintFacts(),
                    hardwarePool(),
                    String.format(Locale.ROOT, "%d candidate configurations evaluated: %d viable, %d rejected.",
                            advice.candidates(), advice.ranked().size(), advice.rejected().size()),
                    comparison(),
                    rejected(),
                    c == null ? List.of() : charts(c),
                    c == null ? List.of() : rationale(winner),
                    scenarioFindings(),
                    c == null ? List.of() : DisaggregationText.derivations(c),
                    c == null ? List.of() : risks(c),
                    c == null ? Table.of("what if").build() : sensitivity(c),
                    c == null ? Table.of("factor").build() : efficiency(c),
                    assumptions(),
                    sources(),
                    c == null ? null : ProcurementSection.of(dev.infera.analysis.ProcurementPlan.of(catalog, estimator, w, thresholds, c), c, thresholds,
                            advice.ranked().subList(0, Math.min(options.top(), advice.ranked().size()))));
        }

        private String modelName() {
            return catalog.model(w.model()).name();
        }

        // 1. Summary.

        private String sentence(Candidate c) {
            if (c == null) {
                return "No configuration in the hardware pool meets this request; the rejections below say why.";
            }
            return String.format(Locale.ROOT, "Serve %s for %s (%s, %d-token context) on %s: %s, %s.",
                    modelName(), w.kind().id(), AdviceText.load(w), w.contextTokens(), ArchitectureLabel.of(c),
                    c.isDisaggregated() ? pools(c.split().deployment())
                            : c.getReplicas() > 1 ? c.getReplicas() + " replicas of " + c.getGpusPerReplica() + " GPU" + plural(c.getGpusPerReplica())
                            : "one replica of " + c.getGpusPerReplica() + " GPU" + plural(c.getGpusPerReplica()),
                    c.getBottleneck() + "-bound at " + Numbers.fmt(c.getTpotMs()) + " ms per token");
        }

        /** A split's two pools and the link the KV crosses: "3 prefill workers of 2 H100 SXM 80GB and 1 decode worker of 2 ..., the KV cache sent over ...". */
        private String pools(dev.infera.physics.DisaggregatedDeployment split) {
            return pool(split.prefillWorkers(), "prefill", split.prefill()) + " and " + pool(split.decodeWorkers(), "decode", split.decode())
                    + ", each request's KV cache sent from one to the other over " + split.link().name();
        }

        private static String pool(int workers, String role, Deployment d) {
            return workers + " " + role + " worker" + plural(workers) + " of " + d.gpusPerReplica() + " " + d.gpu().name();
        }

        private List<Fact> billOfMaterials(Candidate c) {
            Deployment d = c.deployment();
            List<Fact> bom = new ArrayList<>();
            // A split on two server types buys each pool's servers (plan/Fleet).
            bom.add(new Fact("Servers", c.isDisaggregated() && !c.split().deployment().homogeneous() ? c.fleet().nodesBought(" x ", false)
                    : c.getNodes() + " x " + d.server().name() + (d.server().synthesized() ? " (generic host)" : "")));
            if (c.isDisaggregated() && !c.split().deployment().homogeneous()) {
                var split = c.split().deployment();
                bom.add(new Fact("GPUs", split.prefill().totalGpus() + " x " + split.prefill().gpu().name() + " (prefill pool) + "
                        + split.decode().totalGpus() + " x " + split.decode().gpu().name() + " (decode pool)"));
            } else {
                bom.add(new Fact("GPUs", c.getGpus() + " x " + c.getGpuName() + " (" + Numbers.fmt(c.getGpuMemoryGb()) + " GB "
                        + c.gpuSpec().memoryType() + ", " + Numbers.fmt(c.getMemoryBandwidthGbs()) + " GB/s)"));
            }
            if (c.isDisaggregated()) {
                bom.add(new Fact("Pools", pools(c.split().deployment())));
            }
            String link = d.server().intraNodeLink().name();
            if (c.isMultiNode() && d.server().interNodeLink() != null) {
                link += "; between nodes " + d.server().interNodeLink().name();
            }
            bom.add(new Fact("Interconnect", link));
            bom.add(new Fact("Parallelism", "TP=" + c.getTp() + ", PP=" + c.getPp() + ", " + c.getReplicas() + " replica" + plural(c.getReplicas())
                    + ", batch " + c.getBatch() + " per replica"));
            bom.add(new Fact("Formats", "weights " + c.getWeights().toUpperCase(Locale.ROOT) + ", KV cache " + c.getKv().toUpperCase(Locale.ROOT)));
            bom.add(new Fact("Serving engine", d.engine().name()));
            if (!Double.isNaN(c.getPowerW())) {
                bom.add(new Fact("GPU power (sum of TDPs)", Numbers.fmt(c.getPowerW()) + " W"));
            }
            return bom;
        }

        private Table sla(Candidate c) {
            Table.Builder t = Table.of("metric", "expected", "error band (5th-95th percentile)", "target", "status");
            t.row("TTFT (time to first token)", Numbers.fmt(c.getTtftMs()) + " ms", band(c, dev.infera.catalog.ErrorBand.Quantity.TTFT, c.getTtftMs(), "ms"),
                    target(thresholds.ttftTargetMs(), "ms"), status(c.getTtftMs(), thresholds.ttftTargetMs()));
            t.row("TPOT (time per output token)", Numbers.fmt(c.getTpotMs()) + " ms", band(c, dev.infera.catalog.ErrorBand.Quantity.TPOT, c.getTpotMs(), "ms"),
                    target(thresholds.tpotTargetMs(), "ms"), status(c.getTpotMs(), thresholds.tpotTargetMs()));
            Double required = w.requiredTokensPerS();
            t.row("Output throughput", Numbers.fmt(c.getThroughput()) + " tokens/s",
                    band(c, dev.infera.catalog.ErrorBand.Quantity.THROUGHPUT, c.getThroughput(), "tokens/s"),
                    required == null ? "none given" : Numbers.fmt(required) + " tokens/s",
                    required == null ? "-" : c.getThroughput() >= required ? "meets" : "MISSES");
            t.row("Speed per user", Numbers.fmt(c.getPerSequenceTokensPerS()) + " tokens/s", "-", "-", "-");
            return t.build();
        }

        /** "720-1,120 ms (-16 %/+58 %, uncalibrated)": where the truth lies for 90 % of cross-validated predictions. */
        private static String band(Candidate c, dev.infera.catalog.ErrorBand.Quantity q, double estimate, String unit) {
            var b = c.band(q);
            if (b == null) {
                return "-";
            }
            return Numbers.fmt(dev.infera.physics.Uncertainty.atBandEnd(estimate, b.low())) + "-" + Numbers.fmt(dev.infera.physics.Uncertainty.atBandEnd(estimate, b.high()))
                    + " " + unit + String.format(Locale.ROOT, " (%+.0f %%/%+.0f %%%s)", b.low() * 100, b.high() * 100, b.calibrated() ? "" : ", uncalibrated");
        }

        private static String target(OptionalDouble value, String unit) {
            return value.isEmpty() ? "none" : Numbers.fmt(value.getAsDouble()) + " " + unit;
        }

        private static String status(double expectedMs, OptionalDouble target) {
            return target.isEmpty() ? "-" : expectedMs <= target.getAsDouble() ? "meets" : "MISSES";
        }

        private List<Fact> cost(Candidate c) {
            List<Fact> cost = new ArrayList<>();
            if (c.isPriced()) {
                Price price = catalog.price(c.gpuSpec()).orElseThrow();
                cost.add(new Fact("Per million output tokens", Numbers.money(c.getUsdPerMillionTokens()) + " at full load"));
                cost.add(new Fact("Per hour", Numbers.money(c.getUsdPerHour()) + " (" + Numbers.money(price.usdPerGpuHour())
                        + " per GPU-hour, " + price.label() + ")"));
                cost.add(new Fact("Per month", Numbers.money(c.getUsdPerHour() * catalog.assumptions().hoursPerMonth())
                        + " (" + Numbers.fmt(catalog.assumptions().hoursPerMonth()) + " hours)"));
            } else {
                cost.add(new Fact("Running cost", "no rental price for " + c.getGpuName() + " in the catalog"));
            }
            if (!Double.isNaN(c.getCapitalUsd())) {
                cost.add(new Fact("GPU purchase (list price)", Numbers.money(c.getCapitalUsd())));
            }
            return cost;
        }

        private String runnerUp() {
            Recommendation second = advice.runnerUp();
            if (winner == null || second == null) {
                return winner == null ? "" : "No runner-up: only one configuration is viable.";
            }
            return "Runner-up: " + versus(second);
        }

        /** The best-ranked candidate on other hardware: what the budget holder would buy instead. */
        private String alternative() {
            if (winner == null) {
                return "";
            }
            return advice.ranked().stream().filter(r -> !r.candidate().getGpu().equals(winner.candidate().getGpu())).findFirst()
                    .map(r -> "Best alternative on other GPUs: " + versus(r))
                    .orElse("No viable alternative on other GPUs.");
        }

        private String versus(Recommendation other) {
            Candidate c = other.candidate();
            Candidate best = winner.candidate();
            String costs = c.isPriced() && best.isPriced()
                    ? String.format(Locale.ROOT, ", %s vs %s per million tokens", Numbers.money(c.getUsdPerMillionTokens()), Numbers.money(best.getUsdPerMillionTokens()))
                    : "";
            String decided = Advice.tieBreak(winner, other);
            // The gap between the scores as shown (one decimal each), so the sentence's numbers subtract: 95.6 and 95.5 are 0.1 apart.
            double shownGap = Double.parseDouble(Numbers.score(winner.score())) - Double.parseDouble(Numbers.score(other.score()));
            String gap = shownGap >= 0.05 ? Numbers.score(shownGap) + " points behind" : "less than 0.1 points behind";
            String behind = decided == null ? gap : "tied on score; " + decided + " decides";
            return String.format(Locale.ROOT, "#%d %s, score %s (%s); TPOT %s vs %s ms, throughput %s vs %s tokens/s%s.",
                    other.rank(), ArchitectureLabel.of(c), Numbers.score(other.score()), behind,
                    Numbers.fmt(c.getTpotMs()), Numbers.fmt(best.getTpotMs()), Numbers.fmt(c.getThroughput()), Numbers.fmt(best.getThroughput()), costs);
        }

        // 2. The request.

        private List<Fact> modelFacts(Candidate c) {
            Model m = catalog.model(w.model());
            List<Fact> facts = new ArrayList<>();
            facts.add(new Fact("Model", m.name() + " (" + m.id() + ")"));
            facts.add(new Fact("Parameters", Numbers.fmt(m.paramsB()) + " B" + (m.isMoe() ? ", " + Numbers.fmt(m.activeParamsBOrTotal()) + " B active per token" : "")));
            facts.add(new Fact("Layers / hidden size", m.layers() + " / " + m.hiddenSize()));
            facts.add(new Fact("Attention", m.attention() + ", " + m.attentionHeads() + " heads, " + m.kvHeads() + " KV heads, head dim " + m.headDim()
                    + (m.slidingWindow() != null ? ", sliding window " + m.slidingWindow() : "")));
            if (m.isMoe()) {
                facts.add(new Fact("Experts", m.moe().experts() + " routed, " + m.moe().expertsPerToken() + " per token, " + m.moe().sharedExperts() + " shared"));
            }
            facts.add(new Fact("Maximum context", m.maxContext() + " tokens"
                    + (w.contextExtension() != null && w.contextTokens() > m.maxContext()
                            ? "; this scenario's " + w.contextTokens() + " tokens are served beyond it with " + w.contextExtension() : "")));
            if (c != null) {
                facts.add(new Fact("KV cache per token", Numbers.fmt(c.estimate().kvBytesPerToken() / 1e6) + " MB in " + c.getKv().toUpperCase(Locale.ROOT)));
            }
            facts.add(new Fact("Licence", m.license() == null ? "not recorded" : m.license()));
            return facts;
        }

        private List<Fact> workloadFacts() {
            List<Fact> facts = new ArrayList<>();
            facts.add(new Fact("Scenario", w.kind().id()));
            facts.add(new Fact("Request", w.inputTokens() + " prompt + " + w.outputTokens() + " output tokens (" + w.contextTokens() + " context)"));
            facts.add(new Fact("Load", AdviceText.load(w)));
            if (w.requestsPerS() != null) facts.add(new Fact("Arrival rate", Numbers.fmt(w.requestsPerS()) + " requests/s"));
            if (w.documents() != null) facts.add(new Fact("Job", w.documents() + " documents within " + Numbers.fmt(w.deadlineHours()) + " h"));
            if (w.requiredTokensPerS() != null) facts.add(new Fact("Required throughput", Numbers.fmt(w.requiredTokensPerS()) + " tokens/s"));
            facts.add(new Fact("SLA: TTFT", target(thresholds.ttftTargetMs(), "ms") + (w.ttftTargetMs() == null ? " (scenario default)" : " (given)")));
            facts.add(new Fact("SLA: TPOT", target(thresholds.tpotTargetMs(), "ms") + (w.tpotTargetMs() == null ? " (scenario default)" : " (given)")));
            facts.add(new Fact("Weight formats considered", w.weightFormats().isEmpty() ? "default set" : String.join(", ", w.weightFormats())));
            facts.add(new Fact("KV formats considered", w.kvFormats().isEmpty() ? "default set" : String.join(", ", w.kvFormats())));
            return facts;
        }

        private List<Fact> constraintFacts() {
            Constraints k = scenario.constraints();
            List<Fact> facts = new ArrayList<>();
            facts.add(new Fact("Deployment", k.deployment().id()));
            facts.add(new Fact("Region (export rules)", k.region() == null ? "none given" : k.region()));
            facts.add(new Fact("GPUs allowed", k.gpus().isEmpty() ? "whole catalog" : String.join(", ", k.gpus())));
            facts.add(new Fact("Engines", k.engines().isEmpty() ? "default set" : String.join(", ", k.engines())));
            facts.add(new Fact("Most GPUs per deployment", String.valueOf(k.maxGpus())));
            facts.add(new Fact("Replica may span nodes", k.allowMultiNode() ? "yes" : "no"));
            if (k.maxPowerW() != null) facts.add(new Fact("Power budget", Numbers.fmt(k.maxPowerW()) + " W"));
            if (k.maxUsdPerHour() != null) facts.add(new Fact("Rental budget", Numbers.money(k.maxUsdPerHour()) + " per hour"));
            if (k.maxCapitalUsd() != null) facts.add(new Fact("Purchase budget", Numbers.money(k.maxCapitalUsd())));
            return facts;
        }

        /** Every GPU the planner tried, with how many of its candidates survived. */
        private Table hardwarePool() {
            Map<String, int[]> counts = new TreeMap<>();
            Map<String, Gpu> gpus = new TreeMap<>();
            for (Recommendation r : advice.ranked()) {
                counts.computeIfAbsent(r.candidate().getGpuName(), k -> new int[2])[0]++;
                gpus.put(r.candidate().getGpuName(), r.candidate().gpuSpec());
            }
            for (Rejection r : advice.rejected()) {
                counts.computeIfAbsent(r.candidate().getGpuName(), k -> new int[2])[1]++;
                gpus.put(r.candidate().getGpuName(), r.candidate().gpuSpec());
            }
            Table.Builder t = Table.of("GPU", "memory GB", "bandwidth GB/s", "viable", "rejected");
            counts.forEach((name, n) -> t.row(name, Numbers.fmt(gpus.get(name).memoryGb()), Numbers.fmt(gpus.get(name).memoryBandwidthGbs()), n[0], n[1]));
            return t.build();
        }

        // 3. Comparison.

        private Table comparison() {
            Table.Builder t = Table.of("rank", "architecture", "GPUs", "TTFT ms", "TPOT ms", "tokens/s", "GB/GPU", "headroom", "$/M tokens", "bottleneck", "score");
            for (Recommendation r : advice.ranked().subList(0, Math.min(options.top(), advice.ranked().size()))) {
                Candidate c = r.candidate();
                t.row(r.rank(), ArchitectureLabel.of(c), c.getGpus(), Numbers.fmt(c.getTtftMs()), Numbers.fmt(c.getTpotMs()), Numbers.fmt(c.getThroughput()),
                        Numbers.fmt(c.getMemoryGb()), Numbers.percent(c.getHeadroom()), c.isPriced() ? Numbers.money(c.getUsdPerMillionTokens()) : "unknown",
                        c.getBottleneck(), Numbers.score(r.score()));
            }
            return t.build();
        }

        /** Rejections grouped by the rule that ruled them out, with the families it hit and one reason. */
        private Table rejected() {
            Table.Builder t = Table.of("rule", "candidates", "families (examples)", "example reason");
            for (Map.Entry<String, List<Rejection>> group : advice.rejectedByRule().entrySet()) {
                Set<String> families = new TreeSet<>();
                group.getValue().forEach(r -> families.add(ArchitectureLabel.family(r.candidate())));
                List<String> shown = families.stream().limit(4).toList();
                String more = families.size() > shown.size() ? " and " + (families.size() - shown.size()) + " more" : "";
                Rejection first = group.getValue().get(0);
                t.row(group.getKey(), group.getValue().size(), String.join("; ", shown) + more,
                        ArchitectureLabel.of(first.candidate()) + ": " + first.reasons().get(0).message());
            }
            return t.build();
        }

        // 4. Charts.

        private List<Recommendation> topFamilies(int n) {
            return Families.top(advice, n);
        }

        private List<Chart> charts(Candidate c) {
            List<Chart> charts = new ArrayList<>();
            charts.add(memoryChart());
            List<Recommendation> families = topFamilies(CHART_FAMILIES);
            List<List<LoadSweep.Point>> sweeps = families.stream().map(r -> LoadSweep.of(catalog, estimator, w, r.candidate())).toList();
            charts.addAll(concurrencyCharts(c, sweeps.get(0)));
            charts.add(ttftChart(c));
            charts.add(frontierChart(families, sweeps));
            return charts;
        }

        private Chart memoryChart() {
            List<String> parts = List.of("weights", "KV cache", "activations", "overhead");
            List<Charts.Bar> bars = new ArrayList<>();
            Table.Builder data = Table.of("candidate", "weights GB", "KV GB", "activations GB", "overhead GB", "total GB", "usable GB", "capacity GB");
            for (Recommendation r : topFamilies(CHART_FAMILIES + 1)) {
                Estimate e = r.candidate().estimate();
                String label = "#" + r.rank() + " " + ArchitectureLabel.family(r.candidate());
                bars.add(new Charts.Bar(label, new double[] {e.weightsGb(), e.kvGb(), e.activationsGb(), e.overheadGb()}, e.usableGb(), e.capacityGb()));
                data.row(label, Numbers.fmt(e.weightsGb()), Numbers.fmt(e.kvGb()), Numbers.fmt(e.activationsGb()), Numbers.fmt(e.overheadGb()),
                        Numbers.fmt(e.memoryGb()), Numbers.fmt(e.usableGb()), Numbers.fmt(e.capacityGb()));
            }
            return new Chart("memory", "Memory per GPU",
                    "Per GPU at the scenario's load, for the best candidate of each family. The dashed line is what the engine may use "
                            + "(capacity x utilisation), the solid line the GPU's capacity.",
                    Charts.stackedBars("memory", "Memory per GPU (GB)", "GB per GPU", parts, bars), data.build());
        }

        private List<Chart> concurrencyCharts(Candidate c, List<LoadSweep.Point> sweep) {
            List<double[]> tpot = new ArrayList<>();
            List<double[]> throughput = new ArrayList<>();
            Table.Builder data = Table.of("users", "batch per replica", "TPOT ms", "TTFT ms", "decode step ms", "tokens/s", "GB/GPU");
            int maxFit = 0;
            for (LoadSweep.Point s : sweep) {
                if (!s.fits()) {
                    data.row(s.users(), s.batchPerReplica(), "does not fit", "", "", "", "");
                    continue;
                }
                Estimate e = s.estimate();
                maxFit = s.users();
                tpot.add(new double[] {s.users(), e.tpotMs()});
                throughput.add(new double[] {s.users(), e.outputTokensPerS()});
                data.row(s.users(), s.batchPerReplica(), Numbers.fmt(e.tpotMs()), Numbers.fmt(e.ttftMs()), Numbers.fmt(e.stepMs()),
                        Numbers.fmt(e.outputTokensPerS()), Numbers.fmt(e.memoryGb()));
            }
            String fit = maxFit < LoadSweep.USERS.get(LoadSweep.USERS.size() - 1)
                    ? " Beyond " + maxFit + " users the KV cache no longer fits; the lines stop there." : "";
            List<Charts.Reference> slaLine = target("TPOT", thresholds.tpotTargetMs());
            Table table = data.build();
            return List.of(
                    new Chart("tpot", "TPOT against concurrency",
                            "The recommended deployment (" + ArchitectureLabel.of(c) + ") re-estimated at each number of concurrent users, "
                                    + "spread over its replicas: TPOT and TTFT as a user sees them (other users' prefills interleaved, "
                                    + "queueing included), the decode step alone beside them." + fit,
                            Charts.lines("tpot", "TPOT against concurrency", "concurrent users", "ms per output token", true,
                                    List.of(new Charts.Series("TPOT", tpot)), slaLine), table),
                    new Chart("throughput", "Throughput against concurrency",
                            "Output tokens/s of the whole deployment at each number of concurrent users." + fit,
                            Charts.lines("throughput", "Throughput against concurrency", "concurrent users", "output tokens/s", true,
                                    List.of(new Charts.Series("throughput", throughput)), List.of()), table));
        }

        /** A target as a dashed line on a chart; none where the scenario has no such target. */
        private static List<Charts.Reference> target(String quantity, OptionalDouble ms) {
            return ms.isPresent() ? List.of(Charts.Reference.atY(quantity + " target " + Numbers.fmt(ms.getAsDouble()) + " ms", ms.getAsDouble())) : List.of();
        }

        private Chart ttftChart(Candidate c) {
            List<double[]> points = new ArrayList<>();
            Table.Builder data = Table.of("prompt tokens", "TTFT alone ms", "prefill compute ms", "fits at this concurrency");
            for (PromptSweep.Point p : PromptSweep.of(catalog, estimator, w, c)) {
                Estimate e = p.estimate();
                points.add(new double[] {p.promptTokens(), e.ttftAloneMs()});
                data.row(p.promptTokens(), Numbers.fmt(e.ttftAloneMs()), Numbers.fmt(e.prefillComputeMs()), e.fits() ? "yes" : "no");
            }
            List<Charts.Reference> slaLine = target("TTFT", thresholds.ttftTargetMs());
            return new Chart("ttft", "TTFT against prompt length",
                    "TTFT alone (one request's prefill on idle GPUs, no queue) on the recommended deployment, from short prompts to the model's context limit "
                            + "(prefill grows faster than linearly: attention is quadratic in the prompt).",
                    Charts.lines("ttft", "TTFT against prompt length", "prompt tokens", "ms to first token", true,
                            List.of(new Charts.Series("TTFT alone", points)), slaLine), data.build());
        }

        private Chart frontierChart(List<Recommendation> families, List<List<LoadSweep.Point>> sweeps) {
            List<Charts.Series> series = new ArrayList<>();
            Table.Builder data = Table.of("candidate", "users", "tokens/s", "TPOT ms");
            for (int i = 0; i < families.size(); i++) {
                Recommendation r = families.get(i);
                String label = "#" + r.rank() + " " + ArchitectureLabel.family(r.candidate());
                List<double[]> points = new ArrayList<>();
                for (LoadSweep.Point s : sweeps.get(i)) {
                    if (s.fits()) {
                        points.add(new double[] {s.estimate().outputTokensPerS(), s.estimate().tpotMs()});
                        data.row(label, s.users(), Numbers.fmt(s.estimate().outputTokensPerS()), Numbers.fmt(s.estimate().tpotMs()));
                    }
                }
                series.add(new Charts.Series(label, points));
            }
            List<Charts.Reference> slaLine = target("TPOT", thresholds.tpotTargetMs());
            return new Chart("frontier", "Throughput-latency frontier",
                    "Each line is one candidate family swept from 1 to 256 concurrent users: further right serves more tokens/s, "
                            + "lower is faster per user. Points above the dashed line miss the TPOT target.",
                    Charts.lines("frontier", "Throughput-latency frontier", "output tokens/s (whole deployment)", "ms per output token", false,
                            series, slaLine), data.build());
        }

        // 5. Rationale.

        private static List<FindingGroup> rationale(Recommendation r) {
            Map<String, List<Finding>> byFamily = new TreeMap<>();
            for (Finding f : r.reasons()) {
                byFamily.computeIfAbsent(f.family(), k -> new ArrayList<>()).add(f);
            }
            List<FindingGroup> groups = new ArrayList<>();
            byFamily.entrySet().stream()
                    .sorted(Comparator.comparingDouble((Map.Entry<String, List<Finding>> e) -> -Math.abs(sum(e.getValue()))).thenComparing(Map.Entry::getKey))
                    .forEach(e -> {
                        Table.Builder t = Table.of("rule", "severity", "points", "finding");
                        e.getValue().forEach(f -> t.row(f.rule(), f.severity().label(), points(f), f.message()));
                        groups.add(new FindingGroup(e.getKey(), Numbers.fmt(sum(e.getValue())), t.build()));
                    });
            return groups;
        }

        private static double sum(List<Finding> findings) {
            return findings.stream().mapToDouble(Finding::points).sum();
        }

        private static String points(Finding f) {
            return f.points() == 0 ? "" : (f.points() > 0 ? "+" : "") + Numbers.fmt(f.points());
        }

        private Table scenarioFindings() {
            Table.Builder t = Table.of("rule", "family", "finding");
            advice.scenarioFindings().forEach(f -> t.row(f.rule(), f.family(), f.message()));
            return t.build();
        }

        // 6. Risks and compliance.

        /** Three states, never two: restricted (rule and source), allowed (source), or not verified in the catalog. */
        private static Risk exportRisk(Gpu gpu, String region, String asOf) {
            String asOfText = " (catalog export facts as of " + (asOf == null ? "no date" : asOf) + "; this is not legal advice)";
            if (region == null) {
                return new Risk("Export controls", "note", "No region given, so export status was not checked"
                        + (gpu.exportRestrictedIn().isEmpty() ? "" : "; " + gpu.name() + " is export-restricted in " + String.join(", ", gpu.exportRestrictedIn()))
                        + asOfText + ".");
            }
            ExportFact fact = gpu.exportFactIn(region);
            if (fact == null) {
                return new Risk("Export controls", "medium", "export status of " + gpu.name() + " for region " + region + " not verified in the catalog" + asOfText + ".");
            }
            String basis = fact.rule() + ", in effect since " + fact.effective() + " (source: " + fact.source() + ")";
            return fact.status() == ExportFact.Status.RESTRICTED
                    ? new Risk("Export controls", "high", gpu.name() + " is export-restricted in " + region + ", the region of this request: " + basis + asOfText + ".")
                    : new Risk("Export controls", "ok", gpu.name() + " may be exported to " + region + ": " + basis + asOfText + ".");
        }

        private List<Risk> risks(Candidate c) {
            List<Risk> risks = new ArrayList<>();
            Gpu gpu = c.gpuSpec();
            Constraints k = scenario.constraints();
            if (!gpu.datacenterUseAllowed()) {
                risks.add(new Risk("Licensing", k.isDatacenter() ? "high" : "note", gpu.name()
                        + " is a GeForce card: NVIDIA's driver licence does not permit datacenter deployment"
                        + (k.isDatacenter() ? "; this request is for a datacenter." : "; acceptable for a workstation or lab.")));
            } else {
                risks.add(new Risk("Licensing", "ok", gpu.name() + " may be deployed in a datacenter under its vendor's terms."));
            }
            risks.add(exportRisk(gpu, k.region(), catalog.exportControls().asOf()));
            if (c.getReplicas() == 1) {
                risks.add(new Risk("Single point of failure", "medium", "One replica: a GPU or " + (c.getNodes() > 1 ? "node or network" : "server")
                        + " failure stops the service. A second replica adds " + c.getGpusPerReplica() + " GPU" + plural(c.getGpusPerReplica())
                        + (c.isPriced() ? " (" + Numbers.money(c.getUsdPerHour() / c.getReplicas() * catalog.assumptions().hoursPerMonth()) + " per month)" : "") + "."));
            } else {
                risks.add(new Risk("Single point of failure", "ok", c.getReplicas() + " independent replicas: one can fail while the others serve, at "
                        + Numbers.percent((c.getReplicas() - 1.0) / c.getReplicas()) + " of the throughput."));
            }
            if (c.isMultiNode()) {
                risks.add(new Risk("Network", "medium", "Each replica spans " + c.getNodes() + " nodes: the inter-node link is in every step's path."));
            }
            double headroom = c.getHeadroom();
            risks.add(new Risk("Memory headroom", headroom < c.getMinHeadroom() ? "high" : headroom < 2 * c.getMinHeadroom() ? "medium" : "ok",
                    String.format(Locale.ROOT, "%s of usable memory free per GPU (%s of %s GB used; policy minimum %s). "
                                    + "The KV cache fits %d concurrent sequences per replica, %d in all, against %d in flight.",
                            Numbers.percent(headroom), Numbers.fmt(c.getMemoryGb()), Numbers.fmt(c.getUsableGb()), Numbers.percent(c.getMinHeadroom()),
                            c.getMaxBatch(), c.getMaxBatch() * c.getReplicas(), c.getBatch() * c.getReplicas())));
            for (Finding f : winner.findings()) {
                if (f.severity() == Finding.Severity.WARNING) {
                    risks.add(new Risk(f.family(), "warning", f.rule() + ": " + f.message()));
                }
            }
            return risks;
        }

        /** The advice on harsher variants of the request (analysis/Sensitivity): does the recommendation hold? */
        private Table sensitivity(Candidate today) {
            Table.Builder t = Table.of("what if", "recommendation then", "winner changes?", "today's winner then");
            for (Sensitivity.Variant v : Sensitivity.of(advisor, scenario)) {
                if (v.advice() == null) {
                    t.row(v.what(), "cannot be advised: " + v.error(), "yes", "-");
                    continue;
                }
                if (v.advice().winner() == null) {
                    t.row(v.what(), "no viable configuration", "yes", "rejected");
                    continue;
                }
                Candidate then = v.advice().winner().candidate();
                String rankThen = v.ranked(ArchitectureLabel.of(today))
                        .map(r -> String.format(Locale.ROOT, "ranks #%d: TPOT %s ms, TTFT %s ms", r.rank(),
                                Numbers.fmt(r.candidate().getTpotMs()), Numbers.fmt(r.candidate().getTtftMs())))
                        .orElseGet(() -> v.rejected(ArchitectureLabel.of(today)).map(r -> "rejected: " + r.reasons().get(0).message()).orElse("not generated"));
                t.row(v.what(), ArchitectureLabel.of(then) + String.format(Locale.ROOT, " (TPOT %s ms, TTFT %s ms)", Numbers.fmt(then.getTpotMs()), Numbers.fmt(then.getTtftMs())),
                        ArchitectureLabel.of(then).equals(ArchitectureLabel.of(today)) ? "no" : "yes", rankThen);
            }
            return t.build();
        }

        // 7. Assumptions and provenance.

        private Table efficiency(Candidate c) {
            var engine = c.deployment().engine();
            Efficiency e = engine.efficiencyOn(c.gpuSpec());
            String source = (engine.calibrated() ? "catalog/engines.calibrated.yaml (" + engine.calibration() + ")" : "catalog/engines.yaml priors")
                    + ", " + engine.name() + " profile '" + engine.profileOn(c.gpuSpec()) + "'";
            Table.Builder t = Table.of("factor", "value", "source");
            t.row("memory-bandwidth utilisation while decoding (MBU)", Numbers.fmt(e.decodeMbu()), source);
            t.row("FLOPs utilisation in prefill (MFU)", Numbers.fmt(e.prefillMfu()), source);
            if (e.prefillFormatFactor(c.deployment().weights().id()) != 1) {
                t.row("prefill MFU multiplier for " + c.deployment().weights().id() + " kernels",
                        Numbers.fmt(e.prefillFormatFactor(c.deployment().weights().id())), source);
            }
            if (e.prefillHalfTokens() > 0) {
                t.row("prompt tokens at half the prefill MFU", Numbers.fmt(e.prefillHalfTokens()), source);
            }
            if (engine.fp16Accumulate() && c.gpuSpec().halvesFp32Accumulate()) {
                t.row("FP16 tensor peak", "2x the listed FP32-accumulate rate (FP16 accumulation)", "catalog/engines.yaml fp16Accumulate");
            }
            t.row("FLOPs utilisation in decode (MFU)", Numbers.fmt(e.decodeMfu()), source);
            t.row("fixed cost per decode step", Numbers.fmt(e.stepOverheadMs()) + " ms", source);
            t.row("all-reduce latency", Numbers.fmt(e.allReduceLatencyUs()) + " us", source);
            t.row(c.deployment().engine().serving().kvShareOfFreeMemory() ? "KV cache's share of the memory weights and activations leave"
                    : "GPU memory the engine may use", Numbers.percent(c.deployment().engine().memoryUtilisation()), source);
            return t.build();
        }

        private Table assumptions() {
            Assumptions a = catalog.assumptions();
            Table.Builder t = Table.of("assumption", "value");
            for (RecordComponent component : Assumptions.class.getRecordComponents()) {
                try {
                    Object value = component.getAccessor().invoke(a);
                    t.row(component.getName(), value instanceof Double d ? Numbers.fmt(d) : value);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return t.build();
        }

        /** Where every figure used came from: the GPUs charted, the model, the engine, the prices. */
        private Table sources() {
            Table.Builder t = Table.of("item", "source");
            Model m = catalog.model(w.model());
            t.row("model " + m.name(), m.source() == null ? "not recorded" : m.source());
            Set<Gpu> gpus = new LinkedHashSet<>();
            Set<String> engines = new TreeSet<>();
            for (Recommendation r : topFamilies(CHART_FAMILIES + 1)) {
                gpus.add(r.candidate().gpuSpec());
                engines.add(r.candidate().getEngine());
            }
            for (Gpu gpu : gpus) {
                t.row("GPU " + gpu.name(), gpu.sources().isEmpty() ? "not recorded" : String.join("; ", gpu.sources()));
                catalog.price(gpu).ifPresent(p -> t.row("price " + gpu.name(),
                        Numbers.money(p.usdPerGpuHour()) + " per GPU-hour (" + p.label() + ", as of " + p.asOf() + "): " + p.source()));
            }
            for (String engine : engines) {
                t.row("engine " + catalog.engine(engine).name(), catalog.engine(engine).source());
            }
            t.row("physics constants", "catalog/assumptions.yaml (see the table above)");
            t.row("rules", advisor.rules().folder().getFileName() + "/ (fingerprint below)");
            return t.build();
        }

        private static String plural(int n) {
            return n == 1 ? "" : "s";
        }
    }
}
