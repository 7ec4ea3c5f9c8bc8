package dev.infera.script;

import dev.infera.workload.RequestShape;
import dev.infera.BadInputException;
import dev.infera.advice.Advice;
import dev.infera.catalog.Catalog;
import dev.infera.text.Ids;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.plan.DeploymentSpec;
import dev.infera.report.AdviceText;
import dev.infera.report.Format;
import dev.infera.report.ReportOptions;
import dev.infera.report.Reports;
import dev.infera.text.Numbers;
import dev.infera.text.TextTable;
import dev.infera.workload.Scenario;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The base class of every Infera script: the domain as plain words. {@code scenario {}} and
 * {@code sweep {}} only describe (immutable Scenario / Sweep); {@code advise} evaluates one
 * scenario or a whole sweep; {@code estimate} runs the physics on one deployment; {@code catalog}
 * is the catalog; {@code csv}/{@code jsonl} say where a sweep's rows stream; {@code table} prints.
 */
public abstract class InferaScript extends Script {
    private static final Set<String> ESTIMATE_KEYS = Set.of("model", "gpu", "gpus", "tp", "pp", "weights", "kv", "engine",
            "context", "input", "output", "batch");

    private ScriptContext context;
    private Path streamTo;

    void context(ScriptContext value) {
        this.context = value;
    }

    public Catalog getCatalog() {
        return context.advisor().catalog();
    }

    public Scenario scenario(@DelegatesTo(value = ScenarioSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
        ScenarioSpec spec = new ScenarioSpec(getCatalog());
        fill(spec, body);
        return spec.build();
    }

    public Sweep sweep(@DelegatesTo(value = SweepSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
        SweepSpec spec = new SweepSpec(getCatalog());
        fill(spec, body);
        return spec.build();
    }

    private static void fill(Object spec, Closure<?> body) {
        Closure<?> copy = body.rehydrate(spec, body.getOwner(), body.getThisObject());
        copy.setResolveStrategy(Closure.DELEGATE_ONLY);
        copy.call();
    }

    public Advice advise(Scenario scenario) {
        return context.advisor().advise(scenario);
    }

    /** Evaluates a sweep in parallel, streaming rows to --out, else to the last csv/jsonl named, else memory only. */
    public SweepResult advise(Sweep sweep) {
        Path out = context.out() != null ? context.out() : streamTo;
        return context.sweep(sweep, out);
    }

    /** Where the next sweep streams its rows, as CSV. {@code --out} on the command line wins. */
    public void csv(String file) {
        streamTo = Path.of(file);
        SweepOutput.formatOf(streamTo);
    }

    /** Where the next sweep streams its rows, as JSON lines. {@code --out} on the command line wins. */
    public void jsonl(String file) {
        csv(file);
    }

    /**
     * One deployment through the physics, as {@code infera estimate}: model, gpu, then tp, pp, gpus,
     * weights, kv, engine, context (or input/output) and batch (a number or 'max').
     */
    /** Context of an estimate that gives neither context nor input, as `infera estimate`'s default. */
    private static final int DEFAULT_CONTEXT_TOKENS = 4096;

    public Estimate estimate(Map<String, ?> args) {
        for (String key : args.keySet()) {
            if (!ESTIMATE_KEYS.contains(key)) {
                throw new BadInputException("estimate: " + Ids.unknown("parameter", key, ESTIMATE_KEYS));
            }
        }
        int output = intArg(args, "output", 256);
        int input = RequestShape.of(args.containsKey("context") ? intArg(args, "context", DEFAULT_CONTEXT_TOKENS) : null, args.containsKey("input") ? intArg(args, "input", 0) : null,
                output, DEFAULT_CONTEXT_TOKENS).promptTokens();
        Object batchArg = args.get("batch");
        int batch = batchArg == null ? 1 : "max".equals(String.valueOf(batchArg)) ? DeploymentSpec.MAX_BATCH : intArg(args, "batch", 1);
        DeploymentSpec spec = new DeploymentSpec(str(args, "model"), str(args, "gpu"), intArg(args, "gpus", 0), intArg(args, "tp", 1),
                intArg(args, "pp", 1), str(args, "weights"), str(args, "kv"), str(args, "engine"), batch, input, output);
        if (spec.model() == null || spec.hardware() == null) {
            throw new BadInputException("estimate needs model: and gpu:");
        }
        Deployment d = spec.resolve(getCatalog());
        Estimator estimator = new Estimator(getCatalog().assumptions());
        return spec.estimate(d, getCatalog(), estimator);
    }

    /** Prints advice (top 5 with reasons), a sweep's summaries, or a list of rows (maps) as a text table. */
    public void table(Object value) {
        StringBuilder text = new StringBuilder();
        if (value instanceof Advice advice) {
            text.append(AdviceText.render(advice, 5, 1, false, false, false));
        } else if (value instanceof SweepResult result) {
            text.append(result.summary(context.summaryLimit()));
        } else if (value instanceof Collection<?> rows && !rows.isEmpty() && rows.iterator().next() instanceof Map<?, ?> first) {
            List<String> headers = new ArrayList<>();
            first.keySet().forEach(k -> headers.add(String.valueOf(k)));
            TextTable table = new TextTable(headers.toArray(String[]::new));
            for (Object row : rows) {
                Map<?, ?> map = (Map<?, ?>) row;
                table.row(headers.stream().map(h -> map.get(h)).toArray());
            }
            text.append(table.render());
        } else {
            text.append(value).append('\n');
        }
        context.stdout().print(text);
        context.stdout().flush();
    }

    /** A number as every Infera table shows it (3 significant-ish digits). */
    public String fmt(Number value) {
        return Numbers.fmt(value.doubleValue());
    }

    /**
     * Writes an advisory report, as `infera report` does: {@code report chat, 'advice.pdf'} for a
     * scenario, or {@code report advise(chat), 'advice.html'} for advice already computed; the
     * format follows the file's extension (md, html, pdf).
     */
    public void report(Object what, String file) {
        Path target = Path.of(file);
        Format format = Format.ofFile(target);
        if (what instanceof Scenario scenario) {
            Reports.write(context.advisor(), scenario, format, target, ReportOptions.defaults());
        } else if (what instanceof Advice advice) {
            Reports.write(context.advisor(), advice, format, target, ReportOptions.defaults());
        } else {
            throw new BadInputException("report takes a scenario { ... } or advise(...) and a file name, got " + what);
        }
        context.stdout().println("wrote " + target);
        context.stdout().flush();
    }

    private static String str(Map<String, ?> args, String key) {
        Object value = args.get(key);
        return value == null ? null : value.toString();
    }

    private static int intArg(Map<String, ?> args, String key, int fallback) {
        Object value = args.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new BadInputException("estimate: " + key + " must be a whole number, got " + value);
    }
}
