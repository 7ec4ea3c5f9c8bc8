package dev.infera.analysis;

import dev.infera.catalog.Catalog;
import dev.infera.catalog.ErrorBand;
import dev.infera.catalog.Price;
import dev.infera.catalog.PriceKind;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.physics.Growth;
import dev.infera.physics.Ownership;
import dev.infera.plan.Candidate;
import dev.infera.plan.Fleet;
import dev.infera.workload.ProcurementTerms;
import dev.infera.workload.Thresholds;
import dev.infera.workload.Workload;

import java.util.ArrayList;
import java.util.List;

/**
 * What a procurement committee asks of one recommendation: the bill of materials by node, the power
 * and rack plan, owning against each rented price kind over the amortisation period (with the
 * cumulative cost by month), the error band of its headline numbers, and, when traffic grows, the
 * month it runs out of headroom and the purchases after. Computed from the candidate's fleet; the
 * report only lays it out.
 */
public record ProcurementPlan(
        Fleet fleet,
        List<Rental> rentals,
        List<double[]> ownedByMonth,
        List<Band> bands,
        Capacity capacity,
        List<Step> growth) {

    /** One rented price kind: its row (null when prices.yaml has none), $/month, $ per million tokens, break-even, cumulative by month. */
    public record Rental(PriceKind kind, Price price, double usdPerMonth, double usdPerMillionTokens, double breakEvenMonth,
                         double totalUsd, List<double[]> byMonth) {
        public boolean isPriced() {
            return price != null;
        }
    }

    /** A headline number with its error band: the estimate and where the truth may lie (low and high), and why. */
    public record Band(String quantity, String unit, double estimate, double low, double high, ErrorBand band, boolean pessimisticIsHigh) {
        public double pessimistic() {
            return pessimisticIsHigh ? high : low;
        }
    }

    /** Users (concurrent sequences) one replica serves within the SLA, and the fleet. */
    public record Capacity(int usersNow, int perReplica, int replicas) {
        public int fleet() {
            return perReplica * replicas;
        }
    }

    /** A month the fleet grows: the load then, the replicas, GPUs and nodes it needs, and what that adds. */
    public record Step(int month, double users, int replicas, int gpus, int nodes, int addedGpus, int addedNodes) {}

    /** Steps of the growth timeline shown at most (the rest of the period repeats the pattern). */
    static final int MAX_STEPS = 8;

    public static ProcurementPlan of(Catalog catalog, Estimator estimator, Workload w, Thresholds thresholds, Candidate c) {
        Fleet fleet = c.fleet();
        if (fleet == null) {
            return null;
        }
        ProcurementTerms terms = fleet.terms();
        int months = (int) Math.round(terms.months());
        List<double[]> owned = new ArrayList<>();
        if (fleet.isPurchasePriced()) {
            for (int m = 0; m <= months; m++) {
                owned.add(new double[] {m, Ownership.cumulativeOwnedUsd(fleet.purchaseUsd(), fleet.runningUsdPerMonth(), m)});
            }
        }
        List<Rental> rentals = new ArrayList<>();
        for (PriceKind kind : terms.priceKinds()) {
            Price price = catalog.price(c.gpuSpec(), kind).orElse(null);
            if (price == null) {
                rentals.add(new Rental(kind, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of()));
                continue;
            }
            double perMonth = Ownership.rentedUsdPerMonth(price.usdPerGpuHour(), fleet.gpusUsed(), terms.hoursPerMonth());
            List<double[]> byMonth = new ArrayList<>();
            for (int m = 0; m <= months; m++) {
                byMonth.add(new double[] {m, Ownership.cumulativeRentedUsd(perMonth, m)});
            }
            rentals.add(new Rental(kind, price, perMonth, Ownership.usdPerMillionTokens(perMonth, fleet.tokensPerMonth()),
                    Ownership.breakEvenMonth(fleet.purchaseUsd(), perMonth, fleet.runningUsdPerMonth()), perMonth * months, byMonth));
        }
        Capacity capacity = capacity(estimator, w, thresholds, c);
        return new ProcurementPlan(fleet, rentals, owned, bands(c), capacity, growth(terms, capacity, c, fleet, months));
    }

    /** Owned total over the period = purchase + running x months - residual. */
    public double ownedTotalUsd() {
        double months = fleet.terms().months();
        return fleet.purchaseUsd() + fleet.runningUsdPerMonth() * months - fleet.residualUsd();
    }

    private static List<Band> bands(Candidate c) {
        List<Band> out = new ArrayList<>();
        band(out, c, "TPOT", "ms", c.getTpotMs(), ErrorBand.Quantity.TPOT, true);
        band(out, c, "TTFT", "ms", c.getTtftMs(), ErrorBand.Quantity.TTFT, true);
        band(out, c, "throughput", "tokens/s", c.getThroughput(), ErrorBand.Quantity.THROUGHPUT, false);
        return out;
    }

    private static void band(List<Band> out, Candidate c, String what, String unit, double estimate, ErrorBand.Quantity q, boolean highIsWorse) {
        ErrorBand b = c.band(q);
        if (b != null) {
            out.add(new Band(what, unit, estimate, dev.infera.physics.Uncertainty.atBandEnd(estimate, b.low()),
                    dev.infera.physics.Uncertainty.atBandEnd(estimate, b.high()), b, highIsWorse));
        }
    }

    /**
     * Users one replica serves: the largest batch per replica whose estimate fits and meets the TTFT and
     * TPOT targets, searched upward from the batch it was advised at (at most its memory's maximum).
     */
    static Capacity capacity(Estimator estimator, Workload w, Thresholds thresholds, Candidate c) {
        int usersNow = LoadSweep.scenarioUsers(w, c);
        Deployment d = c.deployment();
        int best = c.getBatch();
        int most = Math.max(best, c.getMaxBatch());
        for (int b = best + 1; b <= most; b++) {
            Estimate e = estimator.estimate(d.withBatch(b), null);
            if (!e.supported() || !e.fits() || e.ttftMs() > thresholds.ttftMs() || e.tpotMs() > thresholds.tpotMs()) {
                break;
            }
            best = b;
        }
        return new Capacity(usersNow, best, c.getReplicas());
    }

    /** Each month within the period the load needs more replicas than the month before: what to buy then. */
    static List<Step> growth(ProcurementTerms terms, Capacity capacity, Candidate c, Fleet fleet, int months) {
        Double g = terms.growthPerMonth();
        List<Step> steps = new ArrayList<>();
        if (g == null || g <= 0) {
            return steps;
        }
        int replicas = c.getReplicas();
        int nodes = fleet.nodes();
        int perNode = fleet.server().gpus();
        for (int m = 1; m <= months && steps.size() < MAX_STEPS; m++) {
            double load = Growth.loadAt(capacity.usersNow(), g, m);
            int need = Math.max(replicas, Growth.replicasFor(load, capacity.perReplica()));
            if (need > replicas) {
                int gpus = need * c.getGpusPerReplica();
                int needNodes = (int) Math.ceil((double) gpus / perNode);
                steps.add(new Step(m, load, need, gpus, needNodes, gpus - replicas * c.getGpusPerReplica(), needNodes - nodes));
                replicas = need;
                nodes = needNodes;
            }
        }
        return steps;
    }

    /** Months the fleet as recommended keeps up with the growth (infinite without growth). */
    public double monthsOfHeadroom() {
        Double g = fleet.terms().growthPerMonth();
        return Growth.monthsOfHeadroom(capacity.fleet(), capacity.usersNow(), g == null ? 0 : g);
    }
}
