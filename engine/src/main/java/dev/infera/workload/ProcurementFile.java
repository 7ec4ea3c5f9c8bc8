package dev.infera.workload;

import dev.infera.BadInputException;
import dev.infera.catalog.YamlNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scenario YAML's {@code procurement:} block: the terms of {@link ScenarioSchema#procurementFields()},
 * under the same camelCase keys as Groovy's {@code procurement { ... }} (the site's {@code maxRackKw},
 * {@code racks} and {@code cooling} are scenario fields):
 * <pre>
 * procurement:
 *   years: 5                     # amortisation
 *   costOfCapital: 0.08          # a year
 *   usdPerKwh: 0.12
 *   pue: 1.4
 *   hostingUsdPerKwMonth: 184
 *   utilisation: 0.7             # share of the month at the modelled load
 *   supportSharePerYear: 0.1     # of the purchase
 *   residualShare: 0.1           # of the purchase, at the end
 *   priceKinds: [on-demand, reserved-1y, spot]
 *   quotes: {hgx-h100-8gpu: 290000}   # per node (server id) or per GPU (GPU id)
 *   growthPerMonth: 0.05         # or growthPerQuarter
 * </pre>
 * Errors name the file and line of the term; the builder checks each value's range.
 */
final class ProcurementFile {
    static final Set<String> FIELDS = ScenarioSchema.procurementFields().stream().flatMap(f -> f.keys().stream())
            .collect(Collectors.toUnmodifiableSet());

    private ProcurementFile() {}

    static void apply(YamlNode n, ScenarioBuilder b) {
        YamlNode p = n.get("procurement");
        if (p.isMissing()) {
            return;
        }
        if (!p.isMapping()) {
            throw p.error("procurement is a mapping of terms (years:, usdPerKwh:, pue: ...)");
        }
        p.onlyKeys(FIELDS);
        for (ScenarioSchema.Field term : ScenarioSchema.procurementFields()) {
            String key = term.key();
            YamlNode value = p.get(key);
            if (value.isMissing()) {
                continue;
            }
            try {
                Object read = switch (term.type()) {
                    case NUMBER -> p.requiredNumber(key);
                    case IDS -> p.strings(key);
                    case QUOTES -> quotes(value);
                    default -> throw new IllegalStateException("no procurement term is a " + term.type());
                };
                term.set(b, read, key);
            } catch (BadInputException e) {
                throw value.locate(e);
            }
        }
    }

    /** {@code quotes: {hgx-h100-8gpu: 290000}}: each price a positive number, an error at its own line. */
    private static Map<String, Double> quotes(YamlNode quotes) {
        if (!quotes.isMapping()) {
            throw quotes.error("quotes is a mapping of server or GPU id to USD (hgx-h100-8gpu: 290000)");
        }
        Map<String, Double> byId = new LinkedHashMap<>();
        for (String id : quotes.keys()) {
            try {
                byId.put(id, quotes.requiredPositive(id));
            } catch (BadInputException e) {
                throw quotes.get(id).locate(e);
            }
        }
        return byId;
    }
}
