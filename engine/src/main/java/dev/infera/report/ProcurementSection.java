package dev.infera.report;

import dev.infera.advice.ArchitectureLabel;
import dev.infera.advice.Recommendation;
import dev.infera.analysis.ProcurementPlan;
import dev.infera.catalog.ErrorBand;
import dev.infera.catalog.PriceKind;
import dev.infera.plan.Candidate;
import dev.infera.plan.Fleet;
import dev.infera.text.Numbers;
import dev.infera.text.Table;
import dev.infera.workload.ProcurementTerms;
import dev.infera.workload.Thresholds;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Locale;

/**
 * The report's Procurement section for the recommended deployment, laid out from
 * {@link ProcurementPlan}: bill of materials by node, power and rack plan, owned against each rented
 * kind over the amortisation period, the cumulative-cost chart with the break-even marked, the error
 * band of the headline numbers and the growth timeline. Every cell arrives formatted.
 */
public record ProcurementSection(
        String summary,
        Table ranked,
        Table billOfMaterials,
        Table facility,
        Table tco,
        Table priceSources,
        ReportContent.Chart cumulative,
        Table bands,
        String growthSummary,
        Table growth,
        Table terms) {

    /** The section for {@code c}; null when its fleet was not costed (the scenario's terms were not resolved). */
    static ProcurementSection of(ProcurementPlan plan, Candidate c, Thresholds thresholds, List<Recommendation> shown) {
        if (plan == null) {
            return null;
        }
        Fleet f = plan.fleet();
        ProcurementTerms t = f.terms();
        int months = (int) Math.round(t.months());
        return new ProcurementSection(summary(plan, f, months), ranked(shown, months), bom(f), facility(f), tco(plan, f, months), priceSources(plan), chart(plan, f, months),
                bands(plan, thresholds), growthSummary(plan, f), growth(plan), terms(t));
    }

    private static String usd(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "$%,.0f", v);
    }

    private static String month(double m, int months) {
        return Double.isNaN(m) ? "never" : String.format(Locale.ROOT, "month %.0f", m) + (m > months ? " (after the " + months + "-month period)" : "");
    }

    private static String count(double n) {
        return Double.isNaN(n) ? "unknown" : Double.isInfinite(n) ? "none fit" : String.format(Locale.ROOT, "%.0f", n);
    }

    /** Every ranked configuration the report shows, bought and rented: the same figures as advise's buy and error-band lines. */
    private static Table ranked(List<Recommendation> shown, int months) {
        Table.Builder t = Table.of("rank", "architecture", "bought", "fleet kW", "racks", "purchase", "owned $/month", "rented $/month",
                "buying pays", "TPOT band");
        for (Recommendation r : shown) {
            Candidate c = r.candidate();
            Fleet f = c.fleet();
            ErrorBand tpot = c.band(ErrorBand.Quantity.TPOT);
            String band = tpot == null ? "n/a" : Numbers.fmt(c.getTpotMs()) + " ms " + ProcurementLines.share(tpot);
            if (f == null) {
                t.row(r.rank(), ArchitectureLabel.of(c), "not costed", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", band);
                continue;
            }
            String pays = !f.isPurchasePriced() || !f.isRentalPriced() ? "not costed"
                    : c.isPaysBack() ? "after " + month(f.breakEvenMonth(), months) : "no pay-back in " + months + " months";
            t.row(r.rank(), ArchitectureLabel.of(c), f.nodesBought(" x ", false), Numbers.fmt(f.fleetPowerKw()),
                    count(f.racks()) + " (" + f.cooling() + ")", f.isPurchasePriced() ? usd(f.purchaseUsd()) : "no price",
                    usd(f.ownedUsdPerMonth()), usd(f.rentedUsdPerMonth()), pays, band);
        }
        return t.build();
    }

    private static String summary(ProcurementPlan plan, Fleet f, int months) {
        String hardware = f.nodesBought(" x ", true) + " (" + f.gpusBought() + " GPUs, " + f.gpusUsed() + " used), "
                + Numbers.fmt(f.fleetPowerKw()) + " kW";
        if (!f.isPurchasePriced()) {
            return "Buying means " + hardware + "; ownership is not costed: " + f.purchaseBasis()
                    + ". Give a quote (--quote " + f.server().id() + "=USD, or quotes: in the scenario's procurement block).";
        }
        ProcurementPlan.Rental cheapest = plan.rentals().stream().filter(ProcurementPlan.Rental::isPriced)
                .min(java.util.Comparator.comparingDouble(ProcurementPlan.Rental::usdPerMonth)).orElse(null);
        String against = cheapest == null ? "no rental price in the catalog to compare with"
                : "renting the " + (f.gpusUsed() == 1 ? "GPU " : f.gpusUsed() + " GPUs ") + cheapest.kind().id() + " costs " + usd(cheapest.usdPerMonth()) + "/month, so buying "
                + (Double.isNaN(cheapest.breakEvenMonth()) || cheapest.breakEvenMonth() > months
                        ? "does not pay back within " + months + " months against it"
                        : "pays when the fleet is busy for more than " + count(cheapest.breakEvenMonth()) + " months");
        return "Buying " + hardware + " costs " + usd(f.purchaseUsd()) + " up front (" + f.purchaseBasis() + ") and "
                + usd(f.runningUsdPerMonth()) + "/month to run (" + usd(f.ownedUsdPerMonth()) + "/month amortised over " + months
                + " months); " + against + ".";
    }

    private static Table bom(Fleet f) {
        Table.Builder b = Table.of("item", "qty", "part", "each", "cooling", "cluster ports");
        // One node row and one GPU row per server type: a split on two types buys each pool's own.
        for (Fleet.Pool pool : f.pools()) {
            var server = pool.server();
            String part = server.facts().partNumber() != null ? server.facts().partNumber() : server.name();
            boolean sourcedPower = server.facts().systemPowerW() != null;
            b.row("node: " + server.id(), pool.nodes(), part,
                    Numbers.fmt(pool.nodePowerW() / 1000) + " kW" + (sourcedPower ? "" : " (GPU TDPs + assumed host)") + ", "
                            + (server.facts().rackUnits() != null ? server.facts().rackUnits() + "U" : f.terms().values().rackUnitsPerNode() + "U (assumed)"),
                    server.facts().cooling(), server.facts().networkPorts() == null ? "unknown" : server.facts().networkPorts() + " per node");
            b.row("GPU: " + server.gpu().id(), pool.gpusBought(), server.gpu().name(),
                    server.gpu().tdpW() == null ? "TDP unknown" : Numbers.fmt(server.gpu().tdpW()) + " W TDP", "", "");
        }
        return b.build();
    }

    private static Table facility(Fleet f) {
        Table.Builder b = Table.of("quantity", "value");
        b.row("IT power of the fleet", Numbers.fmt(f.fleetPowerKw()) + " kW (" + f.pools().stream()
                .map(pool -> pool.nodes() + " x " + Numbers.fmt(pool.nodePowerW() / 1000) + " kW").collect(java.util.stream.Collectors.joining(" + ")) + ")");
        b.row("facility power (x PUE " + Numbers.fmt(f.terms().values().pue()) + ")", Numbers.fmt(f.fleetPowerKw() * f.terms().values().pue()) + " kW");
        b.row("rack limit", Numbers.fmt(f.rackKw()) + " kW, " + f.cooling() + "-cooled, " + f.terms().values().rackUnitsPerRack() + "U");
        b.row("nodes per rack", f.nodesPerRack() < 1 ? "none: one node draws more than a rack takes" : String.valueOf(f.nodesPerRack()));
        b.row("racks", count(f.racks()) + " (fullest at " + Numbers.fmt(f.kwPerRack()) + " kW)");
        b.row("cooling", f.needsLiquidCooling() ? "liquid (the node is liquid-cooled)" : "air");
        b.row("cluster-network ports", Double.isNaN(f.networkPorts()) ? "unknown" : count(f.networkPorts())
                + ", " + count(f.switchTiers()) + " switch tier(s) at " + f.terms().values().switchPorts() + " ports per switch");
        b.row("energy per month", Numbers.fmt(f.energyKwhPerMonth()) + " kWh at " + Numbers.percent(f.terms().values().utilisation()) + " utilisation");
        b.row("tokens per kWh", Numbers.fmt(f.tokensPerKwh()) + " (facility energy)");
        return b.build();
    }

    private static Table tco(ProcurementPlan plan, Fleet f, int months) {
        Table.Builder b = Table.of("option", "up front", "$/month", "$/M tokens", "total, " + months + " months", "buying pays from", "price");
        b.row("own (buy)", usd(f.purchaseUsd()), usd(f.ownedUsdPerMonth()), Numbers.fmt(f.ownedUsdPerMillionTokens()), usd(plan.ownedTotalUsd()), "",
                f.isPurchasePriced() ? f.purchaseBasis() : "not costed: " + f.purchaseBasis());
        for (ProcurementPlan.Rental r : plan.rentals()) {
            if (!r.isPriced()) {
                b.row("rent " + r.kind().id(), "", "n/a", "n/a", "n/a", "", "no " + r.kind().id() + " row in prices.yaml");
                continue;
            }
            b.row("rent " + r.kind().id(), "$0", usd(r.usdPerMonth()), Numbers.fmt(r.usdPerMillionTokens()), usd(r.totalUsd()),
                    f.isPurchasePriced() ? month(r.breakEvenMonth(), months) : "n/a",
                    Numbers.money(r.price().usdPerGpuHour()) + "/GPU-h, as of " + r.price().asOf());
        }
        return b.build();
    }

    /** Where each rental price comes from: a two-column table, laid out for long URLs. */
    private static Table priceSources(ProcurementPlan plan) {
        Table.Builder b = Table.of("price", "source");
        for (ProcurementPlan.Rental r : plan.rentals()) {
            if (r.isPriced()) {
                b.row(r.kind().id() + ", " + Numbers.money(r.price().usdPerGpuHour()) + "/GPU-h", r.price().source() + " (as of " + r.price().asOf() + ")");
            }
        }
        return b.build();
    }

    private static ReportContent.Chart chart(ProcurementPlan plan, Fleet f, int months) {
        List<Charts.Series> series = new ArrayList<>();
        if (!plan.ownedByMonth().isEmpty()) {
            series.add(new Charts.Series("owned", quarterly(plan.ownedByMonth())));
        }
        ProcurementPlan.Rental first = null;
        for (ProcurementPlan.Rental r : plan.rentals()) {
            if (r.isPriced()) {
                series.add(new Charts.Series("rented " + r.kind().id(), quarterly(r.byMonth())));
                if (first == null) first = r;
            }
        }
        String breakEven = "";
        List<Charts.Reference> marks = new ArrayList<>();
        if (first != null && f.isPurchasePriced() && !Double.isNaN(first.breakEvenMonth()) && first.breakEvenMonth() <= months) {
            double m = first.breakEvenMonth();
            marks.add(Charts.Reference.atX("break-even vs " + first.kind().id() + ": month " + count(m), m));
            breakEven = " Buying pays from month " + count(m) + " against renting " + first.kind().id() + " (the dashed line).";
        }
        Table.Builder data = Table.of(headers(plan));
        for (int m = 0; m <= months; m += 12) {
            data.row(row(plan, m));
        }
        return new ReportContent.Chart("cumulative-cost", "Cumulative cost, owned against rented",
                "Cumulative cost by month: owned is the purchase up front plus power, hosting, support and interest each month; rented is "
                        + "each kind's price for every hour." + breakEven,
                Charts.lines("cumulative-cost", "Cumulative cost, owned against rented", "month", "USD", false, series, marks), data.build());
    }

    private static String[] headers(ProcurementPlan plan) {
        List<String> h = new ArrayList<>(List.of("month", "owned"));
        plan.rentals().stream().filter(ProcurementPlan.Rental::isPriced).forEach(r -> h.add("rented " + r.kind().id()));
        return h.toArray(String[]::new);
    }

    private static Object[] row(ProcurementPlan plan, int m) {
        List<Object> cells = new ArrayList<>();
        cells.add(m);
        cells.add(plan.ownedByMonth().isEmpty() ? "n/a" : usd(plan.ownedByMonth().get(m)[1]));
        plan.rentals().stream().filter(ProcurementPlan.Rental::isPriced).forEach(r -> cells.add(usd(r.byMonth().get(m)[1])));
        return cells.toArray();
    }

    /** Every third month and the last: enough to draw the lines without a dot per month. */
    private static List<double[]> quarterly(List<double[]> byMonth) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < byMonth.size(); i++) {
            if (i % 3 == 0 || i == byMonth.size() - 1) {
                out.add(byMonth.get(i));
            }
        }
        return out;
    }

    private static Table bands(ProcurementPlan plan, Thresholds thresholds) {
        Table.Builder b = Table.of("quantity", "estimate", "band (5th-95th percentile)", "pessimistic end", "target", "basis");
        for (ProcurementPlan.Band band : plan.bands()) {
            OptionalDouble targetMs = band.quantity().equals("TPOT") ? thresholds.tpotTargetMs()
                    : band.quantity().equals("TTFT") ? thresholds.ttftTargetMs() : OptionalDouble.empty();
            boolean hasTarget = targetMs.isPresent();
            double target = targetMs.orElse(Double.NaN);
            String verdict = !hasTarget ? "" : band.pessimistic() <= target ? "meets even at the pessimistic end" : "meets only if the estimate is not pessimistic";
            b.row(band.quantity(), Numbers.fmt(band.estimate()) + " " + band.unit(),
                    String.format(Locale.ROOT, "%+.0f %% / %+.0f %%", band.band().low() * 100, band.band().high() * 100),
                    Numbers.fmt(band.pessimistic()) + " " + band.unit(), hasTarget ? Numbers.fmt(target) + " " + band.unit() + ": " + verdict : "",
                    band.band().basis());
        }
        return b.build();
    }

    private static String growthSummary(ProcurementPlan plan, Fleet f) {
        Double g = f.terms().growthPerMonth();
        ProcurementPlan.Capacity cap = plan.capacity();
        String capacity = "One replica serves up to " + cap.perReplica() + " concurrent users within the SLA; the fleet of "
                + cap.replicas() + " serves " + cap.fleet() + " (" + cap.usersNow() + " now).";
        if (g == null || g <= 0) {
            return capacity + " No traffic growth stated (--growth, or growthPerMonth in the procurement block).";
        }
        if (plan.growth().isEmpty()) {
            return capacity + " At " + Numbers.percent(g) + " growth a month it keeps up for the whole period.";
        }
        ProcurementPlan.Step first = plan.growth().get(0);
        String out = capacity + String.format(Locale.ROOT, " At %s growth a month it runs out of headroom after month %s: month %d needs %d replicas (%d GPUs).",
                Numbers.percent(g), count(plan.monthsOfHeadroom()), first.month(), first.replicas(), first.gpus());
        ProcurementPlan.Step buy = plan.growth().stream().filter(st -> st.addedNodes() > 0).findFirst().orElse(null);
        if (buy == null) {
            return out + " The GPUs already in the bought nodes absorb the growth shown.";
        }
        return out + String.format(Locale.ROOT, " The next purchase, in month %d, is %d more %s node%s (%d GPUs each) for %d replicas%s.",
                buy.month(), buy.addedNodes(), f.server().id(), buy.addedNodes() == 1 ? "" : "s", f.server().gpus(), buy.replicas(),
                buy == first ? "" : "; until then the bought nodes' spare GPUs take the new replicas");
    }

    private static Table growth(ProcurementPlan plan) {
        Table.Builder b = Table.of("month", "users", "replicas", "GPUs", "nodes", "buy");
        for (ProcurementPlan.Step s : plan.growth()) {
            b.row(s.month(), Numbers.fmt(s.users()), s.replicas(), s.gpus(), s.nodes(),
                    s.addedNodes() > 0 ? "+" + s.addedNodes() + " node" + (s.addedNodes() == 1 ? "" : "s") : "none: spare GPUs in the bought nodes");
        }
        return b.build();
    }

    private static Table terms(ProcurementTerms t) {
        Table.Builder b = Table.of("term", "value", "from");
        var v = t.values();
        term(b, t, "years", "amortisation", Numbers.fmt(v.years()).replaceAll("\\.0+$", "") + " years");
        term(b, t, "costOfCapital", "cost of capital", Numbers.percent(v.costOfCapital()) + " a year");
        term(b, t, "usdPerKwh", "electricity", "$" + Numbers.fmt(v.usdPerKwh()) + " per kWh");
        term(b, t, "pue", "PUE", Numbers.fmt(v.pue()));
        term(b, t, "hostingUsdPerKwMonth", "colocation", "$" + Numbers.fmt(v.hostingUsdPerKwMonth()) + " per kW-month");
        term(b, t, "utilisation", "utilisation", Numbers.percent(v.utilisation()));
        term(b, t, "supportSharePerYear", "support", Numbers.percent(v.supportSharePerYear()) + " of the purchase a year");
        term(b, t, "residualShare", "residual value", Numbers.percent(v.residualShare()) + " of the purchase");
        term(b, t, "priceKinds", "rental kinds", String.join(", ", t.priceKinds().stream().map(PriceKind::id).toList()));
        return b.build();
    }

    private static void term(Table.Builder b, ProcurementTerms t, String name, String label, String value) {
        b.row(label, value, t.stated().contains(name) ? "the scenario" : "default: catalog/assumptions.yaml procurement (source there)");
    }
}
