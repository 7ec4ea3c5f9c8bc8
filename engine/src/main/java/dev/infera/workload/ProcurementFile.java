package dev.infera.workload;

import dev.infera.BadInputException;
import dev.infera.catalog.YamlNode;

import java.util.Set;

/**
 * The scenario YAML's {@code procurement:} block (the site's {@code maxRackKw}, {@code racks} and
 * {@code cooling} are fields of {@link ScenarioSchema}):
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
 * Errors name the file and line of the field.
 */
final class ProcurementFile {
    static final Set<String> FIELDS = Set.of("years", "costOfCapital", "usdPerKwh", "pue", "hostingUsdPerKwMonth", "utilisation",
            "supportSharePerYear", "residualShare", "priceKinds", "quotes", "growthPerMonth", "growthPerQuarter");

    private ProcurementFile() {}

    static void apply(YamlNode n, FacilityAndProcurement site) {
        YamlNode p = n.get("procurement");
        if (p.isMissing()) {
            return;
        }
        if (!p.isMapping()) {
            throw p.error("procurement is a mapping of terms (years:, usdPerKwh:, pue: ...)");
        }
        p.onlyKeys(FIELDS);
        at(p, "years", () -> site.years(p.requiredPositive("years")));
        at(p, "costOfCapital", () -> site.costOfCapital(p.requiredNonNegative("costOfCapital")));
        at(p, "usdPerKwh", () -> site.usdPerKwh(p.requiredNonNegative("usdPerKwh")));
        at(p, "pue", () -> site.pue(p.requiredPositive("pue")));
        at(p, "hostingUsdPerKwMonth", () -> site.hostingUsdPerKwMonth(p.requiredNonNegative("hostingUsdPerKwMonth")));
        at(p, "utilisation", () -> site.utilisation(p.requiredPositive("utilisation")));
        at(p, "supportSharePerYear", () -> site.supportSharePerYear(p.requiredNonNegative("supportSharePerYear")));
        at(p, "residualShare", () -> site.residualShare(p.requiredNonNegative("residualShare")));
        at(p, "priceKinds", () -> site.priceKinds(p.strings("priceKinds")));
        at(p, "growthPerMonth", () -> site.growthPerMonth(p.requiredNonNegative("growthPerMonth")));
        at(p, "growthPerQuarter", () -> site.growthPerQuarter(p.requiredNonNegative("growthPerQuarter")));
        YamlNode quotes = p.get("quotes");
        if (!quotes.isMissing()) {
            if (!quotes.isMapping()) {
                throw quotes.error("quotes is a mapping of server or GPU id to USD (hgx-h100-8gpu: 290000)");
            }
            for (String id : quotes.keys()) {
                at(quotes, id, () -> site.quote(id, quotes.requiredPositive(id)));
            }
        }
    }

    /** Runs {@code set} if {@code key} is present, reporting a range error at the key's line. */
    private static void at(YamlNode n, String key, Runnable set) {
        if (n.get(key).isMissing()) {
            return;
        }
        try {
            set.run();
        } catch (BadInputException e) {
            throw n.get(key).locate(e);
        }
    }
}
