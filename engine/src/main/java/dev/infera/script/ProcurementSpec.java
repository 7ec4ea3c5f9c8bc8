package dev.infera.script;

import dev.infera.catalog.Catalog;
import dev.infera.text.Ids;
import dev.infera.workload.ScenarioBuilder;
import dev.infera.workload.ScenarioSchema;
import groovy.lang.MissingMethodException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The delegate of {@code procurement { ... }} inside a scenario: each keyword is a term of
 * {@link ScenarioSchema#procurementFields()} (the YAML {@code procurement:} block's camelCase key),
 * filling the same builder as flags and YAML. A quote names a server or GPU id, checked against the
 * catalog on its own line.
 * <pre>
 * procurement {
 *     years 5; usdPerKwh 0.12; pue 1.4; utilisation 0.7
 *     quote 'hgx-h100-8gpu', 290000
 *     priceKinds 'on-demand', 'spot'
 * }
 * </pre>
 */
public final class ProcurementSpec extends groovy.lang.GroovyObjectSupport {
    private final Catalog catalog;
    private final ScenarioBuilder builder;

    ProcurementSpec(Catalog catalog, ScenarioBuilder builder) {
        this.catalog = catalog;
        this.builder = builder;
    }

    /** {@code years 5}, {@code priceKinds 'on-demand', 'spot'}: a procurement term; anything else is no keyword. */
    public Object methodMissing(String keyword, Object args) {
        Object[] values = (Object[]) args;
        ScenarioSchema.Field term = ScenarioSchema.procurementByKey(keyword)
                .filter(t -> t.type() != ScenarioSchema.Type.QUOTES)
                .orElseThrow(() -> new MissingMethodException(keyword, ProcurementSpec.class, values));
        term.set(builder, ScenarioSpec.value(term, keyword, values), keyword);
        return null;
    }

    public void quote(String id, Number usd) {
        if (!catalog.hasServer(id) && !catalog.hasGpu(id)) {
            throw new dev.infera.BadInputException("quote for " + Ids.unknown("server or gpu", id,
                    Stream.concat(catalog.serverIds().stream(), catalog.gpuIds().stream()).toList()));
        }
        Map<String, Number> one = new LinkedHashMap<>();
        one.put(id, usd);
        ScenarioSchema.procurementByKey("quotes").orElseThrow().set(builder, one, "quote");
    }

    /** {@code quotes 'hgx-h100-8gpu': 290000, 'h100-sxm-80g': 25000} */
    public void quotes(Map<String, ? extends Number> byId) {
        byId.forEach(this::quote);
    }
}
