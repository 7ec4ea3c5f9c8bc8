package dev.infera.script;

import dev.infera.catalog.Catalog;
import dev.infera.text.Ids;
import dev.infera.workload.FacilityAndProcurement;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The delegate of {@code procurement { ... }} inside a scenario: the keywords of the scenario YAML's
 * {@code procurement:} block, filling the same builder. A quote names a server or GPU id, checked
 * against the catalog on its own line.
 * <pre>
 * procurement {
 *     years 5; usdPerKwh 0.12; pue 1.4; utilisation 0.7
 *     quote 'hgx-h100-8gpu', 290000
 *     priceKinds 'on-demand', 'spot'
 * }
 * </pre>
 */
public final class ProcurementSpec {
    private final Catalog catalog;
    private final FacilityAndProcurement site;

    ProcurementSpec(Catalog catalog, FacilityAndProcurement site) {
        this.catalog = catalog;
        this.site = site;
    }

    public void years(Number n) { site.years(n.doubleValue()); }
    public void costOfCapital(Number rate) { site.costOfCapital(rate.doubleValue()); }
    public void usdPerKwh(Number usd) { site.usdPerKwh(usd.doubleValue()); }
    public void pue(Number ratio) { site.pue(ratio.doubleValue()); }
    public void hostingUsdPerKwMonth(Number usd) { site.hostingUsdPerKwMonth(usd.doubleValue()); }
    public void utilisation(Number share) { site.utilisation(share.doubleValue()); }
    public void supportSharePerYear(Number share) { site.supportSharePerYear(share.doubleValue()); }
    public void residualShare(Number share) { site.residualShare(share.doubleValue()); }
    public void priceKinds(String... kinds) { site.priceKinds(List.of(kinds)); }
    public void growthPerMonth(Number share) { site.growthPerMonth(share.doubleValue()); }
    public void growthPerQuarter(Number share) { site.growthPerQuarter(share.doubleValue()); }

    public void quote(String id, Number usd) {
        if (!catalog.hasServer(id) && !catalog.hasGpu(id)) {
            throw new dev.infera.BadInputException("quote for " + Ids.unknown("server or gpu", id,
                    Stream.concat(catalog.serverIds().stream(), catalog.gpuIds().stream()).toList()));
        }
        site.quote(id, usd.doubleValue());
    }

    /** {@code quotes 'hgx-h100-8gpu': 290000, 'h100-sxm-80g': 25000} */
    public void quotes(Map<String, ? extends Number> byId) {
        byId.forEach(this::quote);
    }
}
