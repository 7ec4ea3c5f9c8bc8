package dev.infera.catalog;

import java.util.List;

/**
 * The terms of a procurement and the facility plan's figures: as the catalog's defaults (each
 * documented with its source in catalog/assumptions.yaml, {@code procurement:}), and, with the terms a
 * scenario states put in, as a candidate is costed under ({@code workload.ProcurementTerms}).
 *
 * @param years                 amortisation period of bought hardware
 * @param costOfCapital         annual rate on the money tied up in it (0 = cash, no opportunity cost)
 * @param usdPerKwh             electricity tariff
 * @param pue                   power usage effectiveness: facility power / IT power
 * @param hostingUsdPerKwMonth  colocation (space, cooling, power delivery) per kW of IT load per month
 * @param utilisation           share of the month the fleet serves the modelled load
 * @param supportSharePerYear   support and maintenance per year, as a share of the purchase price
 * @param residualShare         what the hardware is worth at the end of the period, as a share of its price
 * @param priceKinds            the rental kinds compared with owning (on-demand, reserved-1y, reserved-3y, spot)
 * @param airRackKw             what one air-cooled rack may draw when the site does not say
 * @param liquidRackKw          what one liquid-cooled rack may draw when the site does not say
 * @param rackUnitsPerRack      usable height of a rack
 * @param rackUnitsPerNode      height of a node whose height no source gives
 * @param hostPowerWPerNode     CPUs, memory, NICs, drives and fans of a node whose whole power no source gives
 * @param switchPorts           ports of one cluster-network switch (the radix that decides the switch tiers)
 */
public record ProcurementValues(
        double years,
        double costOfCapital,
        double usdPerKwh,
        double pue,
        double hostingUsdPerKwMonth,
        double utilisation,
        double supportSharePerYear,
        double residualShare,
        List<String> priceKinds,
        double airRackKw,
        double liquidRackKw,
        int rackUnitsPerRack,
        int rackUnitsPerNode,
        double hostPowerWPerNode,
        int switchPorts) implements java.io.Serializable {

    /** These values with the stated ones in their place (null = keep this one). */
    public ProcurementValues with(Double years, Double costOfCapital, Double usdPerKwh, Double pue, Double hostingUsdPerKwMonth,
                                  Double utilisation, Double supportSharePerYear, Double residualShare, List<String> priceKinds) {
        return new ProcurementValues(or(years, this.years), or(costOfCapital, this.costOfCapital), or(usdPerKwh, this.usdPerKwh),
                or(pue, this.pue), or(hostingUsdPerKwMonth, this.hostingUsdPerKwMonth), or(utilisation, this.utilisation),
                or(supportSharePerYear, this.supportSharePerYear), or(residualShare, this.residualShare),
                priceKinds.isEmpty() ? this.priceKinds : List.copyOf(priceKinds), airRackKw, liquidRackKw, rackUnitsPerRack,
                rackUnitsPerNode, hostPowerWPerNode, switchPorts);
    }

    private static double or(Double stated, double fallback) {
        return stated != null ? stated : fallback;
    }
}
