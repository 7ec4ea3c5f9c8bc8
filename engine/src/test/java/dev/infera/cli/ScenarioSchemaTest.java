package dev.infera.cli;

import dev.infera.TestCatalog;
import dev.infera.script.ScenarioSpec;
import dev.infera.text.Deprecations;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioFile;
import dev.infera.workload.ScenarioSchema;
import groovy.lang.Closure;
import groovy.lang.GroovyShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One schema, three front ends: for every field of {@link ScenarioSchema}, the flag, the scenario
 * YAML key and the Groovy keyword of the same name give the same Scenario, and one that differs
 * from the scenario without it (so a front end that drops a field fails here). Old spellings give
 * what their new names give. README's "Scenario fields" table is the schema's.
 */
class ScenarioSchemaTest {
    /** A value for each field, as a flag's text (lists comma-separated; "" for a flag without a value), different from its default. */
    private static final Map<String, String> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("name", "team chat");
        SAMPLES.put("model", "llama-3-8b");
        SAMPLES.put("scenario", "rag");
        SAMPLES.put("context", "8192");
        SAMPLES.put("inputTokens", "1000");
        SAMPLES.put("outputTokens", "300");
        SAMPLES.put("users", "7");
        SAMPLES.put("rate", "2.5");
        SAMPLES.put("prefixTokens", "512");
        SAMPLES.put("prefixHit", "0.5");
        SAMPLES.put("speculator", "eagle");
        SAMPLES.put("draftTokens", "4");
        SAMPLES.put("acceptance", "0.7");
        SAMPLES.put("disaggregate", "3P1D");
        SAMPLES.put("documents", "5000");
        SAMPLES.put("deadlineHours", "6");
        SAMPLES.put("extendContext", "YaRN factor 4");
        SAMPLES.put("weights", "fp8,int4");
        SAMPLES.put("kv", "fp8");
        SAMPLES.put("gpus", "h100-sxm-80g,l40s-48g");
        SAMPLES.put("engines", "vllm");
        SAMPLES.put("maxGpus", "8");
        SAMPLES.put("deployment", "any");
        SAMPLES.put("singleNode", "");
        SAMPLES.put("ttft", "2000@p99");
        SAMPLES.put("tpot", "40");
        SAMPLES.put("minQuality", "near-lossless");
        SAMPLES.put("throughput", "1500");
        SAMPLES.put("region", "CN");
        SAMPLES.put("maxPowerW", "20000");
        SAMPLES.put("maxUsdPerHour", "40");
        SAMPLES.put("maxCapitalUsd", "500000");
        SAMPLES.put("price", "spot");
        SAMPLES.put("maxRackKw", "30");
        SAMPLES.put("racks", "2");
        SAMPLES.put("cooling", "liquid");
    }

    /** A value for each procurement term, as a flag's text, different from its default (assumptions.yaml). */
    private static final Map<String, String> TERMS = new LinkedHashMap<>();

    static {
        TERMS.put("years", "4");
        TERMS.put("costOfCapital", "0.08");
        TERMS.put("usdPerKwh", "0.2");
        TERMS.put("pue", "1.3");
        TERMS.put("hostingUsdPerKwMonth", "150");
        TERMS.put("utilisation", "0.7");
        TERMS.put("supportSharePerYear", "0.2");
        TERMS.put("residualShare", "0.1");
        TERMS.put("priceKinds", "on-demand,spot");
        TERMS.put("quotes", "hgx-h100-8gpu=250000");
        TERMS.put("growthPerMonth", "0.05");
        TERMS.put("growthPerQuarter", "0.15");
    }

    private static final String BASE_MODEL = "llama-3-70b";

    @TempDir
    Path dir;

    static Stream<ScenarioSchema.Field> fields() {
        return ScenarioSchema.fields().stream();
    }

    @Test
    void everyFieldHasASampleHere() {
        assertEquals(ScenarioSchema.fields().stream().map(ScenarioSchema.Field::key).toList(), List.copyOf(SAMPLES.keySet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void flagYamlAndGroovyGiveTheSameScenario(ScenarioSchema.Field field) throws IOException {
        String sample = SAMPLES.get(field.key());
        Scenario byFlag = byFlags(field.flag(), sample);
        assertEquals(byFlag, byYaml(field.key(), sample), field.key() + " in YAML");
        assertEquals(byFlag, byGroovy(field.key(), sample), field.key() + " in Groovy");
        assertNotEquals(byFlags(null, null), byFlag, field.flag() + " " + sample + " changed nothing");
    }

    static Stream<ScenarioSchema.Field> terms() {
        return ScenarioSchema.procurementFields().stream();
    }

    @Test
    void everyProcurementTermHasASampleHere() {
        assertEquals(ScenarioSchema.procurementFields().stream().map(ScenarioSchema.Field::key).toList(), List.copyOf(TERMS.keySet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terms")
    void aProcurementTermIsTheSameAsFlagYamlBlockAndGroovyBlock(ScenarioSchema.Field term) throws IOException {
        String sample = TERMS.get(term.key());
        Scenario byFlag = byFlags(term.flag(), sample);
        String yaml = term.type() == ScenarioSchema.Type.QUOTES ? "{" + sample.replace("=", ": ") + "}"
                : term.type() == ScenarioSchema.Type.IDS ? "[" + sample + "]" : sample;
        Path file = Files.writeString(dir.resolve(term.key() + ".yaml"), "model: " + BASE_MODEL + "\nprocurement:\n  " + term.key() + ": " + yaml + "\n");
        assertEquals(byFlag, ScenarioFile.read(file).build(), term.key() + " in YAML");
        String groovy = term.type() == ScenarioSchema.Type.QUOTES ? "quote '" + sample.replace("=", "', ")
                : term.key() + " " + (term.type() == ScenarioSchema.Type.IDS ? "'" + sample.replace(",", "', '") + "'" : sample);
        assertEquals(byFlag, groovy("model '" + BASE_MODEL + "'\n procurement { " + groovy + " }"), term.key() + " in Groovy");
        assertNotEquals(byFlags(null, null), byFlag, term.flag() + " " + sample + " changed nothing");
        for (ScenarioSchema.Alias alias : term.aliases()) {
            assertEquals(byFlag, byFlags(alias.flag(), sample), alias.flag());
        }
    }

    @Test
    void anOldProcurementFlagWarnsOnceAndCostsAsItsNewName() {
        String[] common = {"advise", "--model", "llama-3-8b", "--gpus", "l40s-48g", "--engines", "vllm", "--top", "2", "--reasons", "0", "--years", "4"};
        CliRun old = CliRun.of(concat(common, "--hosting", "150", "--support", "0.2", "--residual", "0.1", "--growth", "0.05"));
        CliRun now = CliRun.of(concat(common, "--hosting-usd-per-kw-month", "150", "--support-share-per-year", "0.2", "--residual-share", "0.1",
                "--growth-per-month", "0.05"));
        assertEquals(0, old.code(), old.err());
        assertEquals(now.out(), old.out());
        assertEquals("", now.err());
        assertEquals(List.of(
                "infera: warning: --hosting is an old name for --hosting-usd-per-kw-month: write --hosting-usd-per-kw-month (it still works, for now)",
                "infera: warning: --support is an old name for --support-share-per-year: write --support-share-per-year (it still works, for now)",
                "infera: warning: --residual is an old name for --residual-share: write --residual-share (it still works, for now)",
                "infera: warning: --growth is an old name for --growth-per-month: write --growth-per-month (it still works, for now)"),
                old.err().lines().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void anOldSpellingGivesWhatItsNewNameGives(ScenarioSchema.Field field) throws IOException {
        String sample = SAMPLES.get(field.key());
        Scenario now = byYaml(field.key(), sample);
        for (ScenarioSchema.Alias alias : field.aliases()) {
            // An inverted old name says the opposite: multiNode false is singleNode true.
            String old = alias.inverted() ? "false" : sample;
            assertEquals(now, byYaml(alias.key(), old), alias.key() + " in YAML");
            assertEquals(now, byGroovy(alias.key(), old), alias.key() + " in Groovy");
            if (alias.flag() != null) {
                assertEquals(now, byFlags(alias.flag(), sample), alias.flag());
            }
        }
    }

    @Test
    void anOldFlagWarnsOnceAndAdvisesAsItsNewName() {
        String[] common = {"advise", "--model", "llama-3-8b", "--gpus", "l40s-48g", "--engines", "vllm", "--top", "2", "--reasons", "0"};
        CliRun old = CliRun.of(concat(common, "--budget-per-hour", "40", "--deadline", "5", "--scenario", "offline", "--documents", "1000"));
        CliRun now = CliRun.of(concat(common, "--max-usd-per-hour", "40", "--deadline-hours", "5", "--scenario", "offline", "--documents", "1000"));
        assertEquals(0, old.code(), old.err());
        assertEquals(now.out(), old.out());
        assertEquals("", now.err());
        assertEquals(List.of(
                "infera: warning: --budget-per-hour is an old name for --max-usd-per-hour: write --max-usd-per-hour (it still works, for now)",
                "infera: warning: --deadline is an old name for --deadline-hours: write --deadline-hours (it still works, for now)"),
                old.err().lines().toList());
    }

    @Test
    void aWarningIsPrintedOncePerRun() {
        StringWriter err = new StringWriter();
        Deprecations.start(new PrintWriter(err));
        Deprecations.warnOnce("input is an old name for inputTokens");
        Deprecations.warnOnce("input is an old name for inputTokens");
        Deprecations.start(new PrintWriter(new StringWriter()));
        assertEquals(List.of("infera: warning: input is an old name for inputTokens"), err.toString().lines().toList());
    }

    @Test
    void readmeListsTheSchema() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String begin = "<!-- scenario-fields: generated from ScenarioSchema.markdown(), checked by ScenarioSchemaTest -->\n";
        String end = "<!-- /scenario-fields -->";
        int from = readme.indexOf(begin);
        assertTrue(from >= 0 && readme.indexOf(end, from) > 0, "README.md has no scenario-fields section");
        assertEquals(ScenarioSchema.markdown(), readme.substring(from + begin.length(), readme.indexOf(end, from)),
                "README.md's scenario fields differ from the schema: paste ScenarioSchema.markdown() between the markers");
    }

    private static Scenario byFlags(String flag, String value) {
        List<String> args = new ArrayList<>("--model".equals(flag) ? List.of() : List.of("--model", BASE_MODEL));
        if (flag != null) {
            args.add(flag);
            if (!value.isEmpty()) {
                args.add(value);
            }
        }
        AdviseCommand command = new AdviseCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.scenario.scenario();
    }

    private Scenario byYaml(String key, String value) throws IOException {
        ScenarioSchema.Field field = ScenarioSchema.byKey(key).orElseThrow();
        String yaml = (field.key().equals("model") ? "" : "model: " + BASE_MODEL + "\n") + key + ": " + yamlValue(field, value) + "\n";
        Path file = Files.writeString(dir.resolve(key + ".yaml"), yaml);
        return ScenarioFile.read(file).build();
    }

    private static Scenario byGroovy(String key, String value) {
        ScenarioSchema.Field field = ScenarioSchema.byKey(key).orElseThrow();
        return groovy((field.key().equals("model") ? "" : "model '" + BASE_MODEL + "'\n") + key + " " + groovyValue(field, value));
    }

    /** The scenario a Groovy scenario block with {@code body} builds. */
    private static Scenario groovy(String body) {
        ScenarioSpec spec = new ScenarioSpec(TestCatalog.shipped());
        Closure<?> block = (Closure<?>) new GroovyShell().evaluate("{ -> " + body + " }");
        block.setDelegate(spec);
        block.setResolveStrategy(Closure.DELEGATE_ONLY);
        block.call();
        return spec.build();
    }

    private static String yamlValue(ScenarioSchema.Field field, String value) {
        return switch (field.type()) {
            case IDS -> "[" + value + "]";
            case FLAG -> value.isEmpty() ? "true" : value;
            default -> value;
        };
    }

    private static String groovyValue(ScenarioSchema.Field field, String value) {
        return switch (field.type()) {
            case IDS -> "'" + value.replace(",", "', '") + "'";
            case FLAG -> value.isEmpty() ? "true" : value;
            case TEXT -> "'" + value + "'";
            case TARGET -> value.contains("@") ? "'" + value + "'" : value;
            default -> value;
        };
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }
}
