package dev.infera.workload;

import dev.infera.BadInputException;
import dev.infera.catalog.PriceKind;
import dev.infera.catalog.ProcurementValues;
import dev.infera.catalog.Server;
import dev.infera.text.Ids;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The procurement terms a candidate is costed under: the scenario's stated terms over the catalog's
 * defaults ({@code values}), the rental kinds they name, the company's quotes and growth. {@code stated}
 * names the terms the scenario gave, so a report can say which figures are the company's own.
 * {@code wholeNodes} maps each cloud VM slice (a rented-only server) to the whole node one buys
 * instead: the catalog's largest node of the same GPU.
 */
public record ProcurementTerms(
        ProcurementValues values,
        List<PriceKind> priceKinds,
        Map<String, Double> quotesUsd,
        Double growthPerMonth,
        double hoursPerMonth,
        Set<String> stated,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Server> wholeNodes) {

    /** Months in the amortisation period = years x 12. */
    public double months() {
        return values.years() * 12;
    }

    /** The stated terms over the catalog's defaults. */
    public static ProcurementTerms resolve(Procurement p, ProcurementValues defaults, double hoursPerMonth, Map<String, Server> wholeNodes) {
        ProcurementValues values = defaults.with(p.years(), p.costOfCapital(), p.usdPerKwh(), p.pue(), p.hostingUsdPerKwMonth(),
                p.utilisation(), p.supportSharePerYear(), p.residualShare(), p.priceKinds());
        List<PriceKind> kinds = new ArrayList<>();
        for (String id : values.priceKinds()) {
            PriceKind kind = PriceKind.byId(id);
            if (kind == null || !kind.isRental()) {
                throw new BadInputException(Ids.unknown("rental price kind", id, PriceKind.rentalIds()));
            }
            kinds.add(kind);
        }
        Set<String> stated = new LinkedHashSet<>();
        named(stated, "years", p.years());
        named(stated, "costOfCapital", p.costOfCapital());
        named(stated, "usdPerKwh", p.usdPerKwh());
        named(stated, "pue", p.pue());
        named(stated, "hostingUsdPerKwMonth", p.hostingUsdPerKwMonth());
        named(stated, "utilisation", p.utilisation());
        named(stated, "supportSharePerYear", p.supportSharePerYear());
        named(stated, "residualShare", p.residualShare());
        if (!p.priceKinds().isEmpty()) stated.add("priceKinds");
        if (!p.quotesUsd().isEmpty()) stated.add("quotes");
        named(stated, "growthPerMonth", p.growthPerMonth());
        return new ProcurementTerms(values, List.copyOf(kinds), Collections.unmodifiableMap(new TreeMap<>(p.quotesUsd())), p.growthPerMonth(), hoursPerMonth,
                Collections.unmodifiableSet(stated), Map.copyOf(wholeNodes));
    }

    private static void named(Set<String> stated, String name, Object value) {
        if (value != null) {
            stated.add(name);
        }
    }
}
