package dev.infera.report;

import dev.infera.catalog.ErrorBand;
import dev.infera.catalog.Price;
import dev.infera.catalog.PriceKind;
import dev.infera.plan.Candidate;
import dev.infera.plan.Fleet;
import dev.infera.text.Numbers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What every recommendation says of buying it and of how sure its numbers are, for the terminal
 * (two lines under its reasons) and for JSON (a "procurement" and a "bands" object), from the same figures.
 */
final class ProcurementLines {
    private ProcurementLines() {}

    /** "1x hgx-h100-8gpu (8 GPUs, 4 used), 10.2 kW, 1 rack of 15 kW air; buy $250,000 + $5,355/month, rent $7,271/month: no pay-back in 60 months". */
    static String buy(Candidate c) {
        Fleet f = c.fleet();
        if (f == null) {
            return null;
        }
        String hardware = String.format(Locale.ROOT, "%s (%d GPUs, %d used), %s kW, %s of %s kW %s", f.nodesBought("x ", false), f.gpusBought(),
                f.gpusUsed(), Numbers.fmt(f.fleetPowerKw()), racks(f.racks()), Numbers.fmt(f.rackKw()), f.cooling());
        if (!f.isPurchasePriced()) {
            return hardware + "; ownership not costed: " + f.purchaseBasis();
        }
        String rent = f.isRentalPriced() ? ", rent " + money(f.rentedUsdPerMonth()) + "/month: " + (c.isPaysBack()
                ? "buying pays after " + String.format(Locale.ROOT, "%.0f", f.breakEvenMonth()) + " months busy"
                : "no pay-back in " + String.format(Locale.ROOT, "%.0f", f.terms().months()) + " months") : ", no rental price";
        return hardware + "; buy " + money(f.purchaseUsd()) + " + " + money(f.runningUsdPerMonth()) + "/month" + rent
                + String.format(Locale.ROOT, "; %s tokens/kWh", Numbers.fmt(f.tokensPerKwh()));
    }

    /**
     * The price row each of the candidate's GPUs is charged at, "h100-sxm-80g $2.69/GPU-hour on-demand, RunPod,
     * 2026-05-22 (prices.yaml:35)" (a stale row adds ", STALE"), or why it has none: its $/hour and $/M tokens stand on this row.
     */
    static String charged(Candidate c) {
        List<Price> prices = c.chargedPrices();
        if (prices.isEmpty()) {
            return "none: prices.yaml has no row " + (c.isDisaggregated() ? "for a pool's GPU" : "for " + c.gpuSpec().id())
                    + " of the kind costed (--price), so $/hour is unknown";
        }
        return prices.stream().map(p -> p.gpu() + " " + p.charged() + (p.place() == null ? "" : " (" + p.place() + ")"))
                .collect(Collectors.joining("; "));
    }

    /** The rows {@link #charged} names, for JSON: gpu, usd_per_gpu_hour, kind, provider, as_of, stale, source. */
    static List<Map<String, Object>> chargedJson(Candidate c) {
        return c.chargedPrices().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gpu", p.gpu());
            m.put("usd_per_gpu_hour", p.usdPerGpuHour());
            m.put("kind", p.kind() == null ? p.label() : p.kind().id());
            m.put("provider", p.provider());
            m.put("as_of", p.asOf());
            m.put("stale", p.stale());
            m.put("source", p.source());
            return m;
        }).toList();
    }

    /** "TPOT 53.2 ms -26 %/+59 %, TTFT 862 ms -16 %/+58 %, throughput 580 tokens/s -37 %/+35 % (leave-one-GPU-out ...)". */
    static String band(Candidate c) {
        ErrorBand tpot = c.band(ErrorBand.Quantity.TPOT);
        if (tpot == null) {
            return null;
        }
        ErrorBand ttft = c.band(ErrorBand.Quantity.TTFT);
        ErrorBand thr = c.band(ErrorBand.Quantity.THROUGHPUT);
        return String.format(Locale.ROOT, "TPOT %s ms %s, TTFT %s ms %s, throughput %s tokens/s %s%s", Numbers.fmt(c.getTpotMs()), share(tpot),
                Numbers.fmt(c.getTtftMs()), share(ttft), Numbers.fmt(c.getThroughput()), share(thr),
                tpot.calibrated() ? "" : " (uncalibrated: " + c.getEngine() + " has no measurements)");
    }

    static Map<String, Object> json(Candidate c) {
        Fleet f = c.fleet();
        if (f == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_bought", f.server().id());
        if (f.pools().size() > 1) {
            // A split on two server types: each pool's nodes (server_bought is the prefill pool's).
            m.put("pools_bought", f.pools().stream().map(pool -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("server", pool.server().id());
                one.put("nodes", pool.nodes());
                one.put("gpus_bought", pool.gpusBought());
                one.put("gpus_used", pool.gpusUsed());
                one.put("node_power_kw", finite(pool.nodePowerW() / 1000));
                one.put("purchase_usd", finite(pool.purchaseUsd()));
                return one;
            }).toList());
        }
        m.put("nodes", f.nodes());
        m.put("gpus_bought", f.gpusBought());
        m.put("node_power_kw", f.nodePowerKw());
        m.put("node_power_sourced", f.isNodePowerSourced());
        m.put("fleet_power_kw", f.fleetPowerKw());
        m.put("rack_kw", f.rackKw());
        m.put("racks", finite(f.racks()));
        m.put("cooling", f.cooling());
        m.put("network_ports", finite(f.networkPorts()));
        m.put("purchase_usd", finite(f.purchaseUsd()));
        m.put("purchase_basis", f.purchaseBasis());
        m.put("owned_usd_per_month", finite(f.ownedUsdPerMonth()));
        m.put("running_usd_per_month", finite(f.runningUsdPerMonth()));
        m.put("rented_usd_per_month", finite(f.rentedUsdPerMonth()));
        m.put("owned_usd_per_million_tokens", finite(f.ownedUsdPerMillionTokens()));
        m.put("rented_usd_per_million_tokens", finite(f.rentedUsdPerMillionTokens()));
        m.put("break_even_month", finite(f.breakEvenMonth()));
        m.put("tokens_per_kwh", finite(f.tokensPerKwh()));
        for (ErrorBand.Quantity q : ErrorBand.Quantity.values()) {
            ErrorBand b = c.band(q);
            if (b != null) {
                m.put("band_" + q.id(), b); // a record: its fields in declaration order (Map.of would order them differently each run)
            }
        }
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String share(ErrorBand b) {
        return String.format(Locale.ROOT, "%+.0f %%/%+.0f %%", b.low() * 100, b.high() * 100);
    }

    private static String money(double usd) {
        return String.format(Locale.ROOT, "$%,.0f", usd);
    }

    private static String racks(double racks) {
        return Double.isNaN(racks) ? "racks unknown" : Double.isInfinite(racks) ? "no rack" : String.format(Locale.ROOT, "%.0f rack%s", racks, racks == 1 ? "" : "s");
    }
}
