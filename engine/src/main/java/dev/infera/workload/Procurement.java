package dev.infera.workload;

import java.util.List;
import java.util.Map;

/**
 * The procurement terms a scenario states (flags, the YAML {@code procurement:} block, Groovy
 * {@code procurement { ... }}); null = not stated, the catalog's default applies (see
 * {@link ProcurementTerms#resolve}).
 *
 * @param years                amortisation period
 * @param costOfCapital        annual rate on the capital tied up
 * @param usdPerKwh            electricity tariff
 * @param pue                  facility power over IT power
 * @param hostingUsdPerKwMonth colocation per kW of IT load per month
 * @param utilisation          share of the month the fleet serves the modelled load
 * @param supportSharePerYear  support and maintenance per year, share of the purchase
 * @param residualShare        worth at the end of the period, share of the purchase
 * @param priceKinds           rental kinds to compare (on-demand, reserved-1y, reserved-3y, spot)
 * @param quotesUsd            company quotes: a server id's price per node, or a GPU id's price per GPU
 * @param growthPerMonth       traffic growth per month (0.05 = 5 % a month, compounded)
 */
public record Procurement(
        Double years,
        Double costOfCapital,
        Double usdPerKwh,
        Double pue,
        Double hostingUsdPerKwMonth,
        Double utilisation,
        Double supportSharePerYear,
        Double residualShare,
        List<String> priceKinds,
        Map<String, Double> quotesUsd,
        Double growthPerMonth) {

    /** Whether the scenario states any term (the ownership rules speak only then; the report always costs). */
    public boolean isStated() {
        return years != null || costOfCapital != null || usdPerKwh != null || pue != null || hostingUsdPerKwMonth != null
                || utilisation != null || supportSharePerYear != null || residualShare != null || !priceKinds.isEmpty()
                || !quotesUsd.isEmpty() || growthPerMonth != null;
    }

    public static final Procurement NONE = new Procurement(null, null, null, null, null, null, null, null, List.of(), Map.of(), null);
}
