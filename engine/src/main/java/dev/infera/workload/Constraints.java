package dev.infera.workload;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Limits on the hardware: where it runs, what may be bought, how much.
 *
 * @param deployment      datacenter (GeForce licensing applies), workstation (lab), or any
 * @param region          ISO region code for export rules (e.g. CN), or null
 * @param gpus            GPU or server ids to consider; empty = the whole catalog
 * @param engines         serving engines to consider; empty = the default set
 * @param maxGpus         most GPUs in one deployment
 * @param maxPowerW       GPU power budget (sum of TDPs)
 * @param maxUsdPerHour   rental budget per hour
 * @param maxCapitalUsd   purchase budget for the GPUs
 * @param allowMultiNode  whether one replica may span nodes (TP or PP over InfiniBand/RoCE)
 * @param facility        what the site's racks take (kW per rack, racks, cooling)
 * @param procurement     the procurement terms the scenario states
 * @param terms           those terms over the catalog's defaults: what candidates are costed under (null until the advisor resolves them)
 * @param price           the kind of prices.yaml row a GPU-hour is costed at (a {@link dev.infera.catalog.PriceKind} id), or null: the catalog's default
 */
// The derived properties are named so that JSON lists them in a fixed order (reflection gives none).
@JsonPropertyOrder({"datacenter", "workstation"})
public record Constraints(
        DeploymentChoice deployment,
        String region,
        List<String> gpus,
        List<String> engines,
        int maxGpus,
        Double maxPowerW,
        Double maxUsdPerHour,
        Double maxCapitalUsd,
        boolean allowMultiNode,
        Facility facility,
        Procurement procurement,
        ProcurementTerms terms,
        String price) {

    /** These constraints with the procurement terms resolved against the catalog's defaults. */
    public Constraints withTerms(ProcurementTerms resolved) {
        return new Constraints(deployment, region, gpus, engines, maxGpus, maxPowerW, maxUsdPerHour, maxCapitalUsd, allowMultiNode,
                facility, procurement, resolved, price);
    }

    public boolean isDatacenter() {
        return deployment == DeploymentChoice.DATACENTER;
    }

    public boolean isWorkstation() {
        return deployment == DeploymentChoice.WORKSTATION;
    }

    /**
     * Whether the scenario sets a budget, a power limit or a region. The rules about those test this
     * first: one shared check per candidate instead of one per limit, when (as usually) none is set.
     */
    @JsonIgnore
    public boolean isLimited() {
        return region != null || maxPowerW != null || maxUsdPerHour != null || maxCapitalUsd != null || facility.isStated();
    }
}
