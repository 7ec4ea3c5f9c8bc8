package dev.infera.workload;

import dev.infera.BadInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Scenario} step by step. CLI flags, scenario YAML files and Groovy scripts all
 * fill this one builder, so the three describe the same thing with the same defaults and checks.
 */
public final class ScenarioBuilder {
    /** Most GPUs one deployment may use unless told otherwise: two 8-GPU nodes. */
    public static final int DEFAULT_MAX_GPUS = 16;

    private String name;
    private String model;
    private ScenarioKind kind = ScenarioKind.CHAT;
    private Integer context;
    private Integer inputTokens;
    private Integer outputTokens;
    private Integer users;
    private Double requestsPerS;
    private Double ttftMs;
    private Double tpotMs;
    private Integer ttftPercentile;
    private Integer tpotPercentile;
    private dev.infera.catalog.Quality minQuality;
    private Double throughput;
    private Long documents;
    private Double deadlineHours;
    private final List<String> weights = new ArrayList<>();
    private final List<String> kv = new ArrayList<>();
    private DeploymentChoice deployment = DeploymentChoice.DATACENTER;
    private String region;
    private final List<String> gpus = new ArrayList<>();
    private final List<String> engines = new ArrayList<>();
    private int maxGpus = DEFAULT_MAX_GPUS;
    private Double maxPowerW;
    private Double maxUsdPerHour;
    private Double maxCapitalUsd;
    private boolean allowMultiNode = true;
    private String price;
    private String contextExtension;
    private Integer prefixTokens;
    private Double prefixHit;
    private String speculator;
    private Integer draftTokens;
    private SplitShape disaggregate;
    private Double acceptance;
    private final FacilityAndProcurement site = new FacilityAndProcurement();

    /**
     * A builder holding {@code s}'s fields, for variations of one scenario (report sensitivity:
     * "what if the context doubles"). Prompt and output are copied as explicit token counts.
     */
    public static ScenarioBuilder from(Scenario s) {
        Workload w = s.workload();
        Constraints c = s.constraints();
        ScenarioBuilder b = new ScenarioBuilder().name(s.name()).model(w.model()).kind(w.kind())
                .inputTokens(w.inputTokens()).outputTokens(w.outputTokens())
                .weights(w.weightFormats()).kv(w.kvFormats())
                .deployment(c.deployment().id()).region(c.region()).gpus(c.gpus()).engines(c.engines())
                .maxGpus(c.maxGpus()).allowMultiNode(c.allowMultiNode());
        b.users = w.concurrencyFromRate() ? null : w.users();
        b.requestsPerS = w.requestsPerS();
        b.ttftMs = w.ttftTargetMs();
        b.tpotMs = w.tpotTargetMs();
        b.ttftPercentile = w.ttftPercentile();
        b.tpotPercentile = w.tpotPercentile();
        b.minQuality = w.minQuality();
        b.throughput = w.throughputTarget();
        b.documents = w.documents();
        b.deadlineHours = w.deadlineHours();
        b.contextExtension = w.contextExtension();
        b.prefixTokens = w.prefixTokens();
        b.prefixHit = w.prefixHit();
        b.speculator = w.speculator();
        b.draftTokens = w.draftTokens();
        b.disaggregate = w.disaggregate();
        b.acceptance = w.acceptance();
        b.maxPowerW = c.maxPowerW();
        b.maxUsdPerHour = c.maxUsdPerHour();
        b.maxCapitalUsd = c.maxCapitalUsd();
        b.price = c.price();
        b.site.copy(c.facility(), c.procurement());
        return b;
    }

    public ScenarioBuilder name(String value) { name = value; return this; }
    public ScenarioBuilder model(String value) { model = value; return this; }
    public ScenarioBuilder kind(ScenarioKind value) { kind = value; return this; }
    public ScenarioBuilder kind(String value) { kind = ScenarioKind.of(value); return this; }
    /** Tokens per sequence (prompt + output); the prompt is what the output leaves. */
    public ScenarioBuilder context(int value) { context = positive("context", value); return this; }
    public ScenarioBuilder inputTokens(int value) { inputTokens = positive("input tokens", value); return this; }
    public ScenarioBuilder outputTokens(int value) { outputTokens = positive("output tokens", value); return this; }
    public ScenarioBuilder users(int value) { users = positive("users", value); return this; }
    public ScenarioBuilder requestsPerS(double value) { requestsPerS = positive("requests per second", value); return this; }
    public ScenarioBuilder ttftMs(double value) { ttftMs = positive("TTFT target", value); return this; }
    public ScenarioBuilder tpotMs(double value) { tpotMs = positive("TPOT target", value); return this; }
    /** A TTFT target that may name a percentile ("2000@p99"); a bare number is the mean. */
    public ScenarioBuilder ttft(LatencyTarget target) { ttftMs = target.ms(); ttftPercentile = target.percentile(); return this; }
    public ScenarioBuilder tpot(LatencyTarget target) { tpotMs = target.ms(); tpotPercentile = target.percentile(); return this; }
    /** The lowest weight-format quality class accepted (formats.yaml classes: lossless, near-lossless, small-loss, noticeable-loss). */
    public ScenarioBuilder minQuality(String id) { minQuality = dev.infera.catalog.Quality.of(id); return this; }
    public ScenarioBuilder throughput(double value) { throughput = positive("throughput target", value); return this; }
    public ScenarioBuilder documents(long value) { documents = (long) positive("documents", value); return this; }
    public ScenarioBuilder deadlineHours(double value) { deadlineHours = positive("deadline hours", value); return this; }
    public ScenarioBuilder weights(List<String> values) { weights.addAll(values); return this; }
    public ScenarioBuilder kv(List<String> values) { kv.addAll(values); return this; }
    public ScenarioBuilder deployment(String value) {
        deployment = DeploymentChoice.byId(value).orElseThrow(() ->
                new BadInputException("deployment must be datacenter, workstation or any, got '" + value + "'"));
        return this;
    }
    /** How the model is served beyond its maximum context (RoPE scaling such as "YaRN factor 4"); blank means not extended. */
    public ScenarioBuilder contextExtension(String how) { contextExtension = how == null || how.isBlank() ? null : how.strip(); return this; }
    /** Prompt tokens that repeat across requests (0: none stated to repeat; unset: the thresholds table's default for the kind). */
    public ScenarioBuilder prefixTokens(int value) {
        if (value < 0) {
            throw new BadInputException("prefix tokens must be >= 0 (0: no prefix repeats), got " + value);
        }
        prefixTokens = value;
        return this;
    }
    /** Share of requests that find the repeated prefix cached, 0 to 1. */
    public ScenarioBuilder prefixHit(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new BadInputException("prefix hit must be a share of requests between 0 and 1, got " + value);
        }
        prefixHit = value;
        return this;
    }
    /** The speculator to try: a draft model id, or the model's eagle or mtp head (resolved against the model's catalog entry by advise). */
    public ScenarioBuilder speculator(String idOrKind) { speculator = idOrKind == null || idOrKind.isBlank() ? null : idOrKind.strip(); return this; }
    /** The split shape to propose (xPyD) or none; {@code spelled} names the flag or key in the message. */
    public ScenarioBuilder disaggregate(String shape, String spelled) { disaggregate = SplitShape.parse(shape, spelled); return this; }
    public ScenarioBuilder disaggregate(String shape) { return disaggregate(shape, "disaggregate"); }
    public ScenarioBuilder draftTokens(int k) { draftTokens = positive("draft tokens", k); return this; }
    /** Chance a drafted token is accepted, in [0, 1) (1 would accept every draft forever). */
    public ScenarioBuilder acceptance(double a) {
        if (!(a >= 0 && a < 1)) {
            throw new BadInputException("acceptance must be in [0, 1): the chance a drafted token is accepted, got " + a);
        }
        acceptance = a;
        return this;
    }
    public ScenarioBuilder region(String value) { region = value == null ? null : value.toUpperCase(); return this; }
    public ScenarioBuilder gpus(List<String> values) { gpus.addAll(values); return this; }
    public ScenarioBuilder engines(List<String> values) { engines.addAll(values); return this; }
    public ScenarioBuilder maxGpus(int value) { maxGpus = positive("max GPUs", value); return this; }
    public ScenarioBuilder maxPowerW(double value) { maxPowerW = positive("power budget", value); return this; }
    public ScenarioBuilder maxUsdPerHour(double value) { maxUsdPerHour = positive("hourly budget", value); return this; }
    public ScenarioBuilder maxCapitalUsd(double value) { maxCapitalUsd = positive("capital budget", value); return this; }
    public ScenarioBuilder allowMultiNode(boolean value) { allowMultiNode = value; return this; }
    /** The kind of price row a GPU-hour costs: on-demand, reserved (1 year), reserved-1y, reserved-3y, spot or owned; kept as the kind's id. */
    public ScenarioBuilder price(String choice) {
        return price(choice, "price");
    }

    /** As {@link #price(String)}; {@code spelled} names the flag or key in the message ("--price spott: unknown price kind ..."). */
    public ScenarioBuilder price(String choice, String spelled) {
        dev.infera.catalog.PriceKind kind = dev.infera.catalog.PriceKind.ofChoice(choice);
        if (kind == null) {
            throw new BadInputException(spelled + " " + choice + ": "
                    + dev.infera.text.Ids.unknown("price kind", choice, dev.infera.catalog.PriceKind.choices()));
        }
        price = kind.id();
        return this;
    }
    /** The site's racks and the procurement terms (flags, the YAML's maxRackKw/racks/cooling and procurement:, Groovy). */
    public FacilityAndProcurement site() { return site; }

    public Scenario build() {
        if (model == null || model.isBlank()) {
            throw new BadInputException("a scenario needs a model (--model ID)");
        }
        int output = outputTokens != null ? outputTokens : defaultOutput(kind);
        RequestShape shape = RequestShape.of(context, inputTokens, output, defaultContext(kind));
        int input = shape.promptTokens();
        if (kind == ScenarioKind.OFFLINE && documents != null && deadlineHours == null) {
            throw new BadInputException("an offline job with a document count needs a deadline (hours)");
        }
        if (prefixTokens != null && prefixTokens > input) {
            throw new BadInputException("prefix tokens " + prefixTokens + " exceed the prompt of " + input
                    + " tokens: the repeated prefix is part of the prompt");
        }
        boolean fromRate = users == null && requestsPerS != null && kind != ScenarioKind.OFFLINE;
        int concurrency = users != null ? users : 1;
        Workload workload = new Workload(model, kind, input, output, concurrency, requestsPerS, ttftMs, tpotMs, throughput,
                documents, deadlineHours, List.copyOf(weights), List.copyOf(kv), fromRate, contextExtension, minQuality,
                ttftPercentile, tpotPercentile, prefixTokens, prefixHit, speculator, draftTokens, acceptance, disaggregate);
        Constraints constraints = new Constraints(deployment, region, List.copyOf(gpus), List.copyOf(engines), maxGpus,
                maxPowerW, maxUsdPerHour, maxCapitalUsd, allowMultiNode, site.facility(), site.procurement(), null, price);
        // An offline job has no users waiting: its label says the job's size or throughput instead.
        String load = kind == ScenarioKind.OFFLINE
                ? (documents != null ? documents + " documents in " + dev.infera.text.Numbers.fmt(deadlineHours) + " h" : throughput != null ? dev.infera.text.Numbers.fmt(throughput) + " tokens/s" : "batch job")
                : fromRate ? requestsPerS + " requests/s" : concurrency + (concurrency == 1 ? " user" : " users");
        String label = name != null ? name : model + " " + kind.id() + ", " + (input + output) + " tokens, " + load;
        return new Scenario(label, workload, constraints);
    }

    /** Typical generated length: chat answers ~256 tokens, agents ~128, summaries of documents ~512. */
    static int defaultOutput(ScenarioKind kind) {
        return switch (kind) {
            case CHAT -> 256;
            case AGENT -> 128;
            case RAG, OFFLINE -> 512;
        };
    }

    static int defaultContext(ScenarioKind kind) {
        return switch (kind) {
            case CHAT, AGENT -> 4096;
            case RAG -> 32768;
            case OFFLINE -> 4096;
        };
    }

    private static int positive(String what, int value) {
        if (value < 1) {
            throw new BadInputException(what + " must be >= 1, got " + value);
        }
        return value;
    }

    private static double positive(String what, double value) {
        if (!(value > 0)) {
            throw new BadInputException(what + " must be > 0, got " + value);
        }
        return value;
    }
}
