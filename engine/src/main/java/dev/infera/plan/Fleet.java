package dev.infera.plan;

import dev.infera.catalog.Gpu;
import dev.infera.catalog.NodeFacts;
import dev.infera.catalog.Server;
import dev.infera.physics.Deployment;
import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.physics.DisaggregatedEstimate;
import dev.infera.physics.Estimate;
import dev.infera.physics.Ownership;
import dev.infera.physics.RackPlan;
import dev.infera.workload.Facility;
import dev.infera.workload.ProcurementTerms;

/**
 * What buying a candidate means: the whole nodes it needs (a deployment of 2 GPUs on an 8-GPU HGX
 * board still buys the board; GPUs rented as cloud VM slices are bought as whole nodes), their power, racks and network ports, the purchase price and the
 * monthly cost of owning them against renting the GPUs it uses. Made from the candidate's deployment,
 * estimate and the resolved procurement terms; every figure is NaN where a fact it needs is unknown,
 * never zero. A disaggregated split buys each pool's servers ({@link #ofSplit}): one pool per server type, its nodes, power
 * and price its own; pools on the same server type share nodes.
 */
public final class Fleet {
    private final java.util.List<Pool> pools;
    private final ProcurementTerms terms;
    private final Facility facility;
    private final double throughput;
    private final double usdPerHour;

    /**
     * The nodes of one server type a fleet buys for {@code gpusUsed} GPUs.
     *
     * @param server        the server bought (a cloud slice's whole node where the terms name one)
     * @param gpusUsed      GPUs the deployment uses on it
     * @param nodePowerW    one node's power: its whole-node figure, else GPU TDPs plus the assumed host (NaN: neither known)
     * @param purchaseUsd   what its nodes cost (NaN: no price)
     * @param purchaseBasis where that price comes from, or why there is none
     */
    public record Pool(Server server, int gpusUsed, double nodePowerW, double purchaseUsd, String purchaseBasis) {
        /** Nodes bought = ceil(GPUs used / GPUs per node). */
        public int nodes() { return (int) Math.ceil((double) gpusUsed / server.gpus()); }
        /** GPUs bought = nodes x GPUs per node. */
        public int gpusBought() { return nodes() * server.gpus(); }
        public NodeFacts facts() { return server.facts(); }

        static Pool of(Server used, Gpu gpu, int gpusUsed, ProcurementTerms terms) {
            // A cloud VM slice is rented; bought, its GPUs go into whole nodes of the same GPU.
            Server server = used.facts().rentedOnly() ? terms.wholeNodes().getOrDefault(used.id(), used) : used;
            NodeFacts facts = server.facts();
            Double tdp = gpu.tdpW();
            double nodePowerW = facts.systemPowerW() != null || tdp != null
                    ? RackPlan.nodePowerW(facts.systemPowerW(), tdp == null ? Double.NaN : tdp, server.gpus(), terms.values().hostPowerWPerNode())
                    : Double.NaN;
            int nodes = (int) Math.ceil((double) gpusUsed / server.gpus());
            Double serverQuote = terms.quotesUsd().get(server.id());
            Double gpuQuote = terms.quotesUsd().get(gpu.id());
            Double msrp = gpu.priceUsd();
            if (facts.rentedOnly()) {
                return new Pool(server, gpusUsed, nodePowerW, Double.NaN, server.name() + " is a cloud slice of a larger node: it is rented, not bought");
            } else if (serverQuote != null) {
                return new Pool(server, gpusUsed, nodePowerW, nodes * serverQuote, "quote, $" + String.format("%,.0f", serverQuote) + " per " + server.id() + " node");
            } else if (gpuQuote != null) {
                return new Pool(server, gpusUsed, nodePowerW, nodes * server.gpus() * gpuQuote,
                        "quote, $" + String.format("%,.0f", gpuQuote) + " per GPU (GPUs only: no quote for the " + server.id() + " host)");
            } else if (msrp != null) {
                return new Pool(server, gpusUsed, nodePowerW, nodes * server.gpus() * msrp,
                        "catalog price, $" + String.format("%,.0f", msrp) + " per GPU (GPUs only: no quote for the " + server.id() + " host)");
            }
            return new Pool(server, gpusUsed, nodePowerW, Double.NaN,
                    "no purchase price for " + gpu.name() + " or " + server.id() + " in the catalog or the scenario's quotes");
        }

        /** What the node's power counts: the server's whole-node figure, or only GPU TDPs plus the assumed host (said, never hidden). */
        String nodePowerBasis(ProcurementTerms terms) {
            if (facts().systemPowerW() != null) {
                return "whole node: GPUs, CPUs, NICs, fans, from servers.yaml";
            }
            Double tdp = server.gpu().tdpW();
            return tdp == null ? "no GPU TDP and no whole-node power in the catalog"
                    : "only GPU TDPs (" + server.gpus() + " x " + String.format("%.0f", tdp) + " W) and an assumed "
                            + String.format("%.0f", terms.values().hostPowerWPerNode()) + " W host: " + server.id() + " has no whole-node power in servers.yaml";
        }
    }

    Fleet(Deployment deployment, Estimate estimate, Facility facility, ProcurementTerms terms) {
        this(java.util.List.of(Pool.of(deployment.server(), deployment.gpu(), deployment.totalGpus(), terms)),
                estimate.outputTokensPerS(), estimate.usdPerHour(), facility, terms);
    }

    private Fleet(java.util.List<Pool> pools, double throughput, double usdPerHour, Facility facility, ProcurementTerms terms) {
        this.pools = java.util.List.copyOf(pools);
        this.terms = terms;
        this.facility = facility == null ? Facility.NONE : facility;
        this.throughput = throughput;
        this.usdPerHour = usdPerHour;
    }

    /**
     * A split's fleet: the prefill pool's GPUs on its server type, the decode pool's on its own (one pool, sharing nodes, where
     * both are on the same server type); its throughput and hourly price are the split's.
     */
    static Fleet ofSplit(DisaggregatedDeployment d, DisaggregatedEstimate e, Facility facility, ProcurementTerms terms) {
        Deployment p = d.prefill();
        Deployment q = d.decode();
        java.util.List<Pool> pools = p.server() == q.server()
                ? java.util.List.of(Pool.of(p.server(), p.gpu(), p.totalGpus() + q.totalGpus(), terms))
                : java.util.List.of(Pool.of(p.server(), p.gpu(), p.totalGpus(), terms), Pool.of(q.server(), q.gpu(), q.totalGpus(), terms));
        return new Fleet(pools, e.outputTokensPerS(), e.usdPerHour(), facility, terms);
    }

    // The hardware.
    /** The server types bought, one pool each: one for a colocated candidate, the prefill pool's first for a split. */
    public java.util.List<Pool> pools() { return pools; }
    /** The first pool's server (a split's prefill pool). */
    public Server server() { return pools.get(0).server(); }
    /** "1x hgx-h100-8gpu", or a split on two server types "3x hgx-h100-8gpu + 1x hgx-h200-8gpu" ({@code names}: the servers' names, not ids). */
    public String nodesBought(String times, boolean names) {
        return pools.stream().map(pool -> pool.nodes() + times + (names ? pool.server().name() : pool.server().id()))
                .collect(java.util.stream.Collectors.joining(" + "));
    }
    private int sum(java.util.function.ToIntFunction<Pool> figure) { return pools.stream().mapToInt(figure).sum(); }
    /** Nodes bought = sum over pools of ceil(GPUs used / GPUs per node). */
    public int nodes() { return sum(Pool::nodes); }
    /** GPUs bought = sum over pools of nodes x GPUs per node (at least the GPUs used). */
    public int gpusBought() { return sum(Pool::gpusBought); }
    public int gpusUsed() { return sum(Pool::gpusUsed); }
    /** Whether every node's whole power is a published figure (else GPU TDPs plus the assumed host). */
    public boolean isNodePowerSourced() { return pools.stream().allMatch(pool -> pool.facts().systemPowerW() != null); }
    /** The most power-hungry node's kW (a split's pools may differ; a rack must hold one of them). */
    public double nodePowerKw() {
        return pools.stream().mapToDouble(Pool::nodePowerW).reduce(Double.NEGATIVE_INFINITY, (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b)) / 1000;
    }
    /** What the node power counts (whole node, or GPU TDPs plus the assumed host), per server type where a split has two. */
    public String nodePowerBasis() {
        return pools.stream().map(pool -> pool.nodePowerBasis(terms)).distinct().collect(java.util.stream.Collectors.joining("; "));
    }
    /** IT power of the fleet = sum over pools of nodes x whole-node power, kW. */
    public double fleetPowerKw() { return pools.stream().mapToDouble(pool -> pool.nodes() * pool.nodePowerW()).sum() / 1000; }
    /** Rack units of the tallest node (assumed where the catalog does not say). */
    public int nodeRackUnits() {
        return pools.stream().mapToInt(pool -> pool.facts().rackUnits() != null ? pool.facts().rackUnits() : terms.values().rackUnitsPerNode()).max().orElseThrow();
    }
    public boolean isNodeRackUnitsSourced() { return pools.stream().allMatch(pool -> pool.facts().rackUnits() != null); }

    // Facility.
    /** The site's cooling, else what the nodes need (a liquid-cooled node asks for liquid-cooled racks). */
    public String cooling() {
        return facility.cooling() != null ? facility.cooling() : needsLiquidCooling() ? "liquid" : pools.get(0).facts().cooling();
    }
    public boolean needsLiquidCooling() { return pools.stream().anyMatch(pool -> pool.facts().isLiquidCooled()); }
    /** kW one rack may draw: the site's, else the catalog default for its cooling. */
    public double rackKw() {
        return facility.maxRackKw() != null ? facility.maxRackKw() : "liquid".equals(cooling()) ? terms.values().liquidRackKw() : terms.values().airRackKw();
    }
    /** Nodes per rack, counted as if every node were the most power-hungry and tallest one (exact for one server type, a bound for two). */
    public int nodesPerRack() {
        return RackPlan.nodesPerRack(nodePowerKw(), rackKw(), nodeRackUnits(), terms.values().rackUnitsPerRack(),
                pools.stream().anyMatch(pool -> pool.facts().rackScale()));
    }
    /** Racks the fleet needs (infinite when one node exceeds a rack, NaN without node power). */
    public double racks() { return Double.isNaN(nodePowerKw()) ? Double.NaN : RackPlan.racks(nodes(), nodesPerRack()); }
    /** kW drawn by the fullest rack = nodes per rack (at most the fleet) x node kW. */
    public double kwPerRack() { return Math.min(nodes(), Math.max(1, nodesPerRack())) * nodePowerKw(); }
    /** Cluster-network ports = sum over pools of ports per node x nodes (NaN where the catalog does not say). */
    public double networkPorts() {
        return pools.stream().anyMatch(pool -> pool.facts().networkPorts() == null) ? Double.NaN
                : pools.stream().mapToDouble(pool -> (double) pool.facts().networkPorts() * pool.nodes()).sum();
    }
    public double switchTiers() {
        return Double.isNaN(networkPorts()) && nodes() > 1 ? Double.NaN : RackPlan.switchTiers(nodes(), (int) (Double.isNaN(networkPorts()) ? 0 : networkPorts()), terms.values().switchPorts());
    }

    // Owning.
    public boolean isPurchasePriced() { return !Double.isNaN(purchaseUsd()); }
    /** Purchase = sum over pools (NaN where any pool has no price). */
    public double purchaseUsd() { return pools.stream().mapToDouble(Pool::purchaseUsd).sum(); }
    /** Where the purchase price comes from, or why there is none (per server type where a split has two). */
    public String purchaseBasis() {
        return pools.size() == 1 ? pools.get(0).purchaseBasis()
                : pools.stream().map(pool -> pool.server().id() + ": " + pool.purchaseBasis()).collect(java.util.stream.Collectors.joining("; "));
    }
    public double residualUsd() { return purchaseUsd() * terms.values().residualShare(); }
    public double capitalUsdPerMonth() { return Ownership.capitalUsdPerMonth(purchaseUsd(), residualUsd(), terms.values().costOfCapital(), terms.months()); }
    public double energyKwhPerMonth() { return Ownership.energyKwhPerMonth(fleetPowerKw(), terms.values().utilisation(), terms.values().pue(), terms.hoursPerMonth()); }
    public double powerUsdPerMonth() { return Ownership.powerUsdPerMonth(energyKwhPerMonth(), terms.values().usdPerKwh()); }
    public double hostingUsdPerMonth() { return Ownership.hostingUsdPerMonth(fleetPowerKw(), terms.values().hostingUsdPerKwMonth()); }
    public double supportUsdPerMonth() { return Ownership.supportUsdPerMonth(purchaseUsd(), terms.values().supportSharePerYear()); }
    /** What owning costs each month besides the purchase: power, hosting, support and interest. */
    public double runningUsdPerMonth() {
        return powerUsdPerMonth() + hostingUsdPerMonth() + supportUsdPerMonth()
                + Ownership.interestUsdPerMonth(purchaseUsd(), residualUsd(), terms.values().costOfCapital());
    }
    /** Owned $/month over the period = capital (depreciation + interest) + power + hosting + support. */
    public double ownedUsdPerMonth() { return capitalUsdPerMonth() + powerUsdPerMonth() + hostingUsdPerMonth() + supportUsdPerMonth(); }
    public double tokensPerMonth() { return Ownership.tokensPerMonth(throughput, terms.values().utilisation(), terms.hoursPerMonth()); }
    public double ownedUsdPerMillionTokens() { return Ownership.usdPerMillionTokens(ownedUsdPerMonth(), tokensPerMonth()); }
    public double tokensPerKwh() { return Ownership.tokensPerKwh(throughput, fleetPowerKw(), terms.values().pue()); }

    // Renting (the candidate's own price: the cheapest on-demand row, as the cost objective uses).
    public boolean isRentalPriced() { return !Double.isNaN(usdPerHour); }
    public double rentedUsdPerMonth() { return Ownership.rentedUsdPerMonth(usdPerHour / gpusUsed(), gpusUsed(), terms.hoursPerMonth()); }
    public double rentedUsdPerMillionTokens() { return Ownership.usdPerMillionTokens(rentedUsdPerMonth(), tokensPerMonth()); }
    /** Month from which owning has cost no more than renting (NaN: never, or not priced). */
    public double breakEvenMonth() { return Ownership.breakEvenMonth(purchaseUsd(), rentedUsdPerMonth(), runningUsdPerMonth()); }
    public ProcurementTerms terms() { return terms; }
}
