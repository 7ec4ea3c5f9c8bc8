package dev.infera.script;

import dev.infera.catalog.Catalog;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import groovy.lang.Closure;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The delegate of {@code scenario { ... }}: each keyword fills the one {@link ScenarioBuilder} that
 * CLI flags and scenario YAML fill, under the YAML's field names, so the three say the same
 * thing. Ids are checked against the catalog as they are written, so a misspelt model fails on
 * its own line with a "did you mean". Nothing is evaluated here: the runner does that afterwards.
 */
public final class ScenarioSpec {
    /** Keywords that take a list of ids: the pool a scenario may choose from, not a sweep axis. */
    static final List<String> POOLS = List.of("gpus", "weights", "kv", "engines");

    private final Catalog catalog;
    private final ScenarioBuilder builder = new ScenarioBuilder();

    public ScenarioSpec(Catalog catalog) {
        this.catalog = catalog;
    }

    public void name(String value) { builder.name(value); }
    public void model(String id) { catalog.model(id); builder.model(id); }
    /** chat, rag, offline or agent, as --scenario and the YAML's scenario:. */
    public void scenario(String kind) { builder.kind(kind); }
    public void context(int tokens) { builder.context(tokens); }
    public void input(int tokens) { builder.inputTokens(tokens); }
    public void output(int tokens) { builder.outputTokens(tokens); }
    public void users(int n) { builder.users(n); }
    public void requestsPerSecond(double n) { builder.requestsPerS(n); }
    /** As --rate: requests per second; without users, each candidate's concurrency follows by Little's law. */
    public void rate(double requestsPerS) { requestsPerSecond(requestsPerS); }
    /** A plain number is milliseconds (as --ttft); {@code 1.s} and {@code 800.ms} say their unit. */
    public void ttft(Number ms) { builder.ttftMs(ms.doubleValue()); }
    public void ttft(Duration d) { builder.ttftMs(Units.millis(d)); }
    public void tpot(Number ms) { builder.tpotMs(ms.doubleValue()); }
    /** {@code ttft '2000@p99'}: a percentile of a simulated load, as --ttft. */
    public void ttft(String target) { builder.ttft(dev.infera.workload.LatencyTarget.parse("ttft", target)); }
    public void tpot(String target) { builder.tpot(dev.infera.workload.LatencyTarget.parse("tpot", target)); }
    /** {@code minQuality 'near-lossless'}: the lowest weight-format quality class accepted. */
    public void minQuality(String id) { builder.minQuality(id); }
    public void tpot(Duration d) { builder.tpotMs(Units.millis(d)); }
    public void throughput(double tokensPerS) { builder.throughput(tokensPerS); }
    public void documents(long n) { builder.documents(n); }
    /** A plain number is hours (as --deadline); {@code 10.h} or {@code 90.min} say their unit. */
    public void deadlineHours(Number hours) { builder.deadlineHours(hours.doubleValue()); }
    public void deadlineHours(Duration d) { builder.deadlineHours(Units.hours(d)); }
    public void deadline(Duration d) { deadlineHours(d); }
    public void weights(String... formats) { Arrays.stream(formats).forEach(catalog::format); builder.weights(List.of(formats)); }
    public void kv(String... formats) { Arrays.stream(formats).forEach(catalog::format); builder.kv(List.of(formats)); }
    public void gpus(String... ids) { Arrays.stream(ids).forEach(this::checkHardware); builder.gpus(List.of(ids)); }
    public void engines(String... ids) { Arrays.stream(ids).forEach(catalog::engine); builder.engines(List.of(ids)); }
    public void deployment(String where) { builder.deployment(where); }
    public void region(String code) { builder.region(code); }
    public void maxGpus(int n) { builder.maxGpus(n); }
    public void maxPowerW(double watts) { builder.maxPowerW(watts); }
    public void maxUsdPerHour(double usd) { builder.maxUsdPerHour(usd); }
    public void maxCapitalUsd(double usd) { builder.maxCapitalUsd(usd); }
    public void multiNode(boolean allowed) { builder.allowMultiNode(allowed); }
    /** Served beyond the model's maximum context with this RoPE scaling, e.g. {@code extendContext 'YaRN factor 4'}. */
    public void extendContext(String how) { builder.contextExtension(how); }
    /** The site's racks, as --max-rack-kw, --racks, --cooling and the YAML's maxRackKw, racks, cooling. */
    public void maxRackKw(Number kw) { builder.site().maxRackKw(kw.doubleValue()); }
    public void racks(int n) { builder.site().racks(n); }
    public void cooling(String how) { builder.site().cooling(how); }
    /** {@code procurement { years 5; usdPerKwh 0.12; quote 'hgx-h100-8gpu', 290000 }}: the YAML's procurement block. */
    public void procurement(@groovy.lang.DelegatesTo(value = ProcurementSpec.class, strategy = groovy.lang.Closure.DELEGATE_ONLY) groovy.lang.Closure<?> body) {
        Closure<?> copy = body.rehydrate(new ProcurementSpec(catalog, builder.site()), body.getOwner(), body.getThisObject());
        copy.setResolveStrategy(Closure.DELEGATE_ONLY);
        copy.call();
    }

    // The scenario kind with its shape in one line: chat users: 32, context: 8192, ttft: 1.s
    public void chat(Map<String, ?> settings) { kindWith("chat", settings); }
    public void chat() { scenario("chat"); }
    public void rag(Map<String, ?> settings) { kindWith("rag", settings); }
    public void rag() { scenario("rag"); }
    public void agent(Map<String, ?> settings) { kindWith("agent", settings); }
    public void agent() { scenario("agent"); }
    public void offline(Map<String, ?> settings) { kindWith("offline", settings); }
    public void offline() { scenario("offline"); }

    private void kindWith(String kind, Map<String, ?> settings) {
        scenario(kind);
        settings.forEach((keyword, value) -> set(keyword, value));
    }

    /** Applies {@code keyword value} as if written in the block; an unknown keyword fails like one written there. */
    void set(String keyword, Object value) {
        Object[] args = value instanceof List<?> list ? list.toArray() : value instanceof Object[] array ? array : new Object[] {value};
        InvokerHelper.invokeMethod(this, keyword, args);
    }

    public Scenario build() {
        return builder.build();
    }

    private void checkHardware(String id) {
        catalog.requireGpuOrServer(id);
    }
}
