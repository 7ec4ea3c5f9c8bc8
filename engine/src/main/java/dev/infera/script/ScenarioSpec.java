package dev.infera.script;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.text.Deprecations;
import dev.infera.text.Ids;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import dev.infera.workload.ScenarioSchema;
import groovy.lang.Closure;
import groovy.lang.MissingMethodException;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The delegate of {@code scenario { ... }}: each keyword is a field of {@link ScenarioSchema} (its
 * camelCase name, as in scenario YAML) and fills the one {@link ScenarioBuilder} that CLI flags and
 * scenario YAML fill, so the three say the same thing. A plain number is in the field's unit;
 * Groovy's durations ({@code 1.s}, {@code 10.h}) convert to it. Ids are checked against the catalog
 * as they are written, so a misspelt model fails on its own line with a "did you mean". Nothing is
 * evaluated here: the runner does that afterwards.
 */
public final class ScenarioSpec extends groovy.lang.GroovyObjectSupport {
    /** Keywords that take a list of ids: the pool a scenario may choose from, not a sweep axis. */
    static final List<String> POOLS = ScenarioSchema.fields().stream()
            .filter(f -> f.type() == ScenarioSchema.Type.IDS).flatMap(f -> f.keys().stream()).toList();

    private final Catalog catalog;
    private final ScenarioBuilder builder = new ScenarioBuilder();

    public ScenarioSpec(Catalog catalog) {
        this.catalog = catalog;
    }

    /** {@code users 32}, {@code ttft 1.s}, {@code gpus 'h100-sxm-80g', 'l40s-48g'}: a schema field; anything else is no keyword. */
    public Object methodMissing(String keyword, Object args) {
        Object[] values = (Object[]) args;
        ScenarioSchema.Field field = ScenarioSchema.byKey(keyword).orElseThrow(() -> new MissingMethodException(keyword, ScenarioSpec.class, values));
        boolean inverted = field.aliasForKey(keyword).map(ScenarioSchema.Alias::inverted).orElse(false);
        if (!keyword.equals(field.key())) {
            Deprecations.warnOnce("scenario { " + ScenarioSchema.oldName(keyword, field.key(), inverted) + " }");
        }
        Object value = value(field, keyword, values);
        if (inverted) {
            value = !(Boolean) value;
        }
        if (value instanceof List<?> ids) {
            ids.forEach(id -> checkId(field.ids(), id.toString()));
        } else if (field.ids() == ScenarioSchema.Ids.MODEL) {
            catalog.model(value.toString());
        }
        field.set(builder, value, keyword);
        return null;
    }

    /** Whether {@code name} is a word of the scenario block (a field, old spellings included, or a method here). */
    static boolean isKeyword(String name) {
        if (ScenarioSchema.byKey(name).isPresent()) {
            return true;
        }
        return Arrays.stream(ScenarioSpec.class.getDeclaredMethods()).anyMatch(m -> m.getName().equals(name)
                && java.lang.reflect.Modifier.isPublic(m.getModifiers()) && !List.of("build", "methodMissing").contains(name));
    }

    /** The Groovy arguments as the field's type: a list of ids, or one value (a duration in the field's unit). */
    static Object value(ScenarioSchema.Field field, String keyword, Object[] values) {
        if (field.type() == ScenarioSchema.Type.IDS) {
            return Arrays.stream(values).flatMap(v -> v instanceof List<?> list ? list.stream() : Stream.of(v)).map(String::valueOf).toList();
        }
        if (values.length != 1) {
            throw new BadInputException(keyword + " takes one value, got " + values.length);
        }
        Object v = values[0];
        Object read = switch (field.type()) {
            case INT, COUNT -> whole(v) ? (Object) ((Number) v).intValue() : null;
            case LONG -> whole(v) ? (Object) ((Number) v).longValue() : null;
            case NUMBER -> v instanceof Number n ? (Object) n.doubleValue() : v instanceof Duration d ? inUnit(field, keyword, d) : null;
            case SHARE -> v instanceof Number n ? (Object) n.doubleValue() : null;
            case TEXT -> v instanceof CharSequence text ? text.toString() : null;
            case FLAG -> v instanceof Boolean yes ? yes : null;
            case TARGET -> v instanceof Number n ? (Object) n.doubleValue() : v instanceof Duration d ? Units.millis(d)
                    : v instanceof CharSequence text ? text.toString() : null;
            case IDS -> throw new IllegalStateException("handled above");
            case QUOTES -> v instanceof Map<?, ?> byId ? byId : null;
        };
        if (read == null) {
            throw new BadInputException(keyword + ": expected " + field.type().shown() + (field.unit().isEmpty() ? "" : " (" + field.unit() + ")")
                    + ", got " + v);
        }
        return read;
    }

    private static boolean whole(Object v) {
        return v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
    }

    private static double inUnit(ScenarioSchema.Field field, String keyword, Duration d) {
        return switch (field.unit()) {
            case "ms" -> Units.millis(d);
            case "h" -> Units.hours(d);
            default -> throw new BadInputException(keyword + " is in " + field.unit() + ", not a duration: write a number");
        };
    }

    private void checkId(ScenarioSchema.Ids kind, String id) {
        switch (kind) {
            case MODEL -> catalog.model(id);
            case FORMAT -> catalog.format(id);
            case HARDWARE -> checkHardware(id);
            case ENGINE -> catalog.engine(id);
            default -> { }
        }
    }

    /** {@code procurement { years 5; usdPerKwh 0.12; quote 'hgx-h100-8gpu', 290000 }}: the YAML's procurement block. */
    public void procurement(@groovy.lang.DelegatesTo(value = ProcurementSpec.class, strategy = groovy.lang.Closure.DELEGATE_ONLY) groovy.lang.Closure<?> body) {
        Closure<?> copy = body.rehydrate(new ProcurementSpec(catalog, builder), body.getOwner(), body.getThisObject());
        copy.setResolveStrategy(Closure.DELEGATE_ONLY);
        copy.call();
    }

    // The scenario kind with its shape in one line: chat users: 32, context: 8192, ttft: 1.s
    public void chat(Map<String, ?> settings) { kindWith("chat", settings); }
    public void chat() { applyKind("chat"); }
    public void rag(Map<String, ?> settings) { kindWith("rag", settings); }
    public void rag() { applyKind("rag"); }
    public void agent(Map<String, ?> settings) { kindWith("agent", settings); }
    public void agent() { applyKind("agent"); }
    public void offline(Map<String, ?> settings) { kindWith("offline", settings); }
    public void offline() { applyKind("offline"); }

    private void kindWith(String kind, Map<String, ?> settings) {
        applyKind(kind);
        settings.forEach((keyword, value) -> set(keyword, value));
    }

    /** The kind, as the keyword {@code scenario} (chat, rag, offline or agent) sets it. */
    private void applyKind(String kind) {
        methodMissing("scenario", new Object[] {kind});
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
