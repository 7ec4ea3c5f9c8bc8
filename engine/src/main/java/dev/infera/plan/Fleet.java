package dev.infera.plan;

import dev.infera.catalog.NodeFacts;
import dev.infera.catalog.Server;
import dev.infera.physics.Deployment;
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
 * never zero.
 */
public final class Fleet {
    private final Deployment deployment;
    private final Server server;
    private final NodeFacts facts;
    private final ProcurementTerms terms;
    private final Facility facility;
    private final double throughput;
    private final double usdPerHour;

    private final double nodePowerW;
    private final double purchaseUsd;
    private final String purchaseBasis;

    Fleet(Deployment deployment, Estimate estimate, Facility facility, ProcurementTerms terms) {
        this.deployment = deployment;
        // A cloud VM slice is rented; bought, its GPUs go into whole nodes of the same GPU.
        Server used = deployment.server();
        this.server = used.facts().rentedOnly() ? terms.wholeNodes().getOrDefault(used.id(), used) : used;
        this.facts = server.facts();
        this.terms = terms;
        this.facility = facility == null ? Facility.NONE : facility;
        this.throughput = estimate.outputTokensPerS();
        this.usdPerHour = estimate.usdPerHour();
        Double tdp = deployment.gpu().tdpW();
        this.nodePowerW = facts.systemPowerW() != null || tdp != null
                ? RackPlan.nodePowerW(facts.systemPowerW(), tdp == null ? Double.NaN : tdp, server.gpus(), terms.values().hostPowerWPerNode())
                : Double.NaN;
        Double serverQuote = terms.quotesUsd().get(server.id());
        Double gpuQuote = terms.quotesUsd().get(deployment.gpu().id());
        Double msrp = deployment.gpu().priceUsd();
        if (facts.rentedOnly()) {
            purchaseUsd = Double.NaN;
            purchaseBasis = server.name() + " is a cloud slice of a larger node: it is rented, not bought";
        } else if (serverQuote != null) {
            purchaseUsd = nodes() * serverQuote;
            purchaseBasis = "quote, $" + String.format("%,.0f", serverQuote) + " per " + server.id() + " node";
        } else if (gpuQuote != null) {
            purchaseUsd = gpusBought() * gpuQuote;
            purchaseBasis = "quote, $" + String.format("%,.0f", gpuQuote) + " per GPU (GPUs only: no quote for the " + server.id() + " host)";
        } else if (msrp != null) {
            purchaseUsd = gpusBought() * msrp;
            purchaseBasis = "catalog price, $" + String.format("%,.0f", msrp) + " per GPU (GPUs only: no quote for the " + server.id() + " host)";
        } else {
            purchaseUsd = Double.NaN;
            purchaseBasis = "no purchase price for " + deployment.gpu().name() + " or " + server.id() + " in the catalog or the scenario's quotes";
        }
    }

    // The hardware.
    public Server server() { return server; }
    /** Nodes bought = ceil(GPUs used / GPUs per node). */
    public int nodes() { return (int) Math.ceil((double) deployment.totalGpus() / server.gpus()); }
    /** GPUs bought = nodes x GPUs per node (at least the GPUs used). */
    public int gpusBought() { return nodes() * server.gpus(); }
    public int gpusUsed() { return deployment.totalGpus(); }
    /** Whether the node's whole power is a published figure (else GPU TDPs plus the assumed host). */
    public boolean isNodePowerSourced() { return facts.systemPowerW() != null; }
    public double nodePowerKw() { return nodePowerW / 1000; }
    /** What the node's power counts: the server's whole-node figure, or only GPU TDPs plus the assumed host (said, never hidden). */
    public String nodePowerBasis() {
        if (isNodePowerSourced()) {
            return "whole node: GPUs, CPUs, NICs, fans, from servers.yaml";
        }
        Double tdp = deployment.gpu().tdpW();
        return tdp == null ? "no GPU TDP and no whole-node power in the catalog"
                : "only GPU TDPs (" + server.gpus() + " x " + String.format("%.0f", tdp) + " W) and an assumed "
                        + String.format("%.0f", terms.values().hostPowerWPerNode()) + " W host: " + server.id() + " has no whole-node power in servers.yaml";
    }
    /** IT power of the fleet = nodes x whole-node power, kW. */
    public double fleetPowerKw() { return nodes() * nodePowerW / 1000; }
    public int nodeRackUnits() { return facts.rackUnits() != null ? facts.rackUnits() : terms.values().rackUnitsPerNode(); }
    public boolean isNodeRackUnitsSourced() { return facts.rackUnits() != null; }

    // Facility.
    /** The site's cooling, else what the node needs (a liquid-cooled node asks for liquid-cooled racks). */
    public String cooling() { return facility.cooling() != null ? facility.cooling() : facts.cooling(); }
    public boolean needsLiquidCooling() { return facts.isLiquidCooled(); }
    /** kW one rack may draw: the site's, else the catalog default for its cooling. */
    public double rackKw() {
        return facility.maxRackKw() != null ? facility.maxRackKw() : "liquid".equals(cooling()) ? terms.values().liquidRackKw() : terms.values().airRackKw();
    }
    public int nodesPerRack() {
        return RackPlan.nodesPerRack(nodePowerKw(), rackKw(), nodeRackUnits(), terms.values().rackUnitsPerRack(), facts.rackScale());
    }
    /** Racks the fleet needs (infinite when one node exceeds a rack, NaN without node power). */
    public double racks() { return Double.isNaN(nodePowerW) ? Double.NaN : RackPlan.racks(nodes(), nodesPerRack()); }
    /** kW drawn by the fullest rack = nodes per rack (at most the fleet) x node kW. */
    public double kwPerRack() { return Math.min(nodes(), Math.max(1, nodesPerRack())) * nodePowerKw(); }
    /** Cluster-network ports = ports per node x nodes (NaN where the catalog does not say). */
    public double networkPorts() { return facts.networkPorts() == null ? Double.NaN : (double) facts.networkPorts() * nodes(); }
    public double switchTiers() {
        return facts.networkPorts() == null && nodes() > 1 ? Double.NaN : RackPlan.switchTiers(nodes(), (int) (Double.isNaN(networkPorts()) ? 0 : networkPorts()), terms.values().switchPorts());
    }

    // Owning.
    public boolean isPurchasePriced() { return !Double.isNaN(purchaseUsd); }
    public double purchaseUsd() { return purchaseUsd; }
    /** Where the purchase price comes from, or why there is none. */
    public String purchaseBasis() { return purchaseBasis; }
    public double residualUsd() { return purchaseUsd * terms.values().residualShare(); }
    public double capitalUsdPerMonth() { return Ownership.capitalUsdPerMonth(purchaseUsd, residualUsd(), terms.values().costOfCapital(), terms.months()); }
    public double energyKwhPerMonth() { return Ownership.energyKwhPerMonth(fleetPowerKw(), terms.values().utilisation(), terms.values().pue(), terms.hoursPerMonth()); }
    public double powerUsdPerMonth() { return Ownership.powerUsdPerMonth(energyKwhPerMonth(), terms.values().usdPerKwh()); }
    public double hostingUsdPerMonth() { return Ownership.hostingUsdPerMonth(fleetPowerKw(), terms.values().hostingUsdPerKwMonth()); }
    public double supportUsdPerMonth() { return Ownership.supportUsdPerMonth(purchaseUsd, terms.values().supportSharePerYear()); }
    /** What owning costs each month besides the purchase: power, hosting, support and interest. */
    public double runningUsdPerMonth() {
        return powerUsdPerMonth() + hostingUsdPerMonth() + supportUsdPerMonth()
                + Ownership.interestUsdPerMonth(purchaseUsd, residualUsd(), terms.values().costOfCapital());
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
    public double breakEvenMonth() { return Ownership.breakEvenMonth(purchaseUsd, rentedUsdPerMonth(), runningUsdPerMonth()); }
    public ProcurementTerms terms() { return terms; }
}
