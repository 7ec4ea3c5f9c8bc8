package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.workload.FacilityAndProcurement;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The procurement terms, as flags of advise and report (the site's --max-rack-kw, --racks and --cooling
 * are scenario fields: ScenarioSchema). Each fills the scenario
 * builder's {@link FacilityAndProcurement} after the scenario file, so a flag overrides the file; an
 * unset flag leaves the file's value or the catalog's default (catalog/assumptions.yaml, procurement:).
 */
public final class ProcurementOptions {
    @Option(names = "--years", paramLabel = "YEARS", description = "Amortisation period of bought hardware (default: 5).")
    Double years;

    @Option(names = "--cost-of-capital", paramLabel = "RATE", description = "Annual cost of capital, e.g. 0.08 (default: 0).")
    Double costOfCapital;

    @Option(names = "--usd-per-kwh", paramLabel = "USD", description = "Electricity tariff (default: 0.12).")
    Double usdPerKwh;

    @Option(names = "--pue", paramLabel = "RATIO", description = "Power usage effectiveness, facility over IT power (default: 1.56).")
    Double pue;

    @Option(names = "--hosting", paramLabel = "USD", description = "Colocation $ per kW of IT load per month (default: 184.06).")
    Double hosting;

    @Option(names = "--utilisation", paramLabel = "SHARE", description = "Share of the month the fleet serves the modelled load (default: 1).")
    Double utilisation;

    @Option(names = "--support", paramLabel = "SHARE", description = "Support and maintenance per year, share of the purchase (default: 0.10).")
    Double support;

    @Option(names = "--residual", paramLabel = "SHARE", description = "Worth at the end of the period, share of the purchase (default: 0).")
    Double residual;

    @Option(names = "--price-kinds", split = ",", paramLabel = "KIND", description = "Rental kinds to compare: on-demand, reserved-1y, reserved-3y, spot (default: all).")
    List<String> priceKinds = new ArrayList<>();

    @Option(names = "--quote", paramLabel = "ID=USD", description = "A company quote: a server id's price per node or a GPU id's price per GPU; repeatable.")
    Map<String, String> quotes = new java.util.LinkedHashMap<>();

    @Option(names = "--growth", paramLabel = "SHARE", description = "Traffic growth per month, e.g. 0.05 for 5 %% (compounded).")
    Double growth;

    void applyTo(FacilityAndProcurement site) {
        if (years != null) site.years(years);
        if (costOfCapital != null) site.costOfCapital(costOfCapital);
        if (usdPerKwh != null) site.usdPerKwh(usdPerKwh);
        if (pue != null) site.pue(pue);
        if (hosting != null) site.hostingUsdPerKwMonth(hosting);
        if (utilisation != null) site.utilisation(utilisation);
        if (support != null) site.supportSharePerYear(support);
        if (residual != null) site.residualShare(residual);
        if (!priceKinds.isEmpty()) site.priceKinds(priceKinds);
        quotes.forEach((id, usd) -> {
            try {
                site.quote(id, Double.parseDouble(usd));
            } catch (NumberFormatException e) {
                throw new BadInputException("--quote " + id + "=" + usd + ": the price must be a number of USD");
            }
        });
        if (growth != null) site.growthPerMonth(growth);
    }
}
