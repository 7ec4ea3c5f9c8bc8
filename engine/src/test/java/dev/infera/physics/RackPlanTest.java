package dev.infera.physics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Nodes into racks and onto a network, by hand. */
class RackPlanTest {
    @Test
    void nodePowerIsThePublishedFigureElseGpusPlusHost() {
        assertEquals(10_200, RackPlan.nodePowerW(10_200.0, 700, 8, 1_100));
        // 4 x 350 W L40S + 1,100 W host
        assertEquals(2_500, RackPlan.nodePowerW(null, 350, 4, 1_100));
    }

    @Test
    void nodesPerRackIsLimitedByPowerAndByHeight() {
        // 15 kW / 10.2 kW = 1; 40 kW / 10.2 kW = 3 (NVIDIA's 4 per rack needs 40.8 kW); 42U / 8U = 5
        assertEquals(1, RackPlan.nodesPerRack(10.2, 15, 8, 42, false));
        assertEquals(3, RackPlan.nodesPerRack(10.2, 40, 8, 42, false));
        assertEquals(4, RackPlan.nodesPerRack(10.2, 40.8, 8, 42, false));
        // 100 kW would take 15 DGX A100s of 6.5 kW, but 42U holds 7 of 6U
        assertEquals(7, RackPlan.nodesPerRack(6.5, 100, 6, 42, false));
        assertEquals(0, RackPlan.nodesPerRack(10.2, 8, 8, 42, false));
    }

    @Test
    void aRackScaleNodeIsOneRackIfTheRackTakesItsPower() {
        assertEquals(1, RackPlan.nodesPerRack(120, 120, 1, 42, true));
        assertEquals(0, RackPlan.nodesPerRack(120, 100, 1, 42, true));
    }

    @Test
    void racks() {
        assertEquals(4, RackPlan.racks(4, 1));
        assertEquals(2, RackPlan.racks(5, 3));
        assertEquals(Double.POSITIVE_INFINITY, RackPlan.racks(5, 0));
    }

    @Test
    void switchTiersFollowTheRadix() {
        assertEquals(0, RackPlan.switchTiers(1, 8, 64));
        assertEquals(1, RackPlan.switchTiers(8, 64, 64));
        assertEquals(2, RackPlan.switchTiers(9, 72, 64));
    }
}
