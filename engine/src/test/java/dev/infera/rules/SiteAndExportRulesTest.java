package dev.infera.rules;

import dev.infera.plan.Candidate;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.infera.rules.RuleFacts.candidate;
import static dev.infera.rules.RuleFacts.of;
import static dev.infera.rules.RuleFacts.one;
import static dev.infera.rules.RuleFacts.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three rules that had only a YAML fires: list: liquid cooling (procurement.dslr), power unknown and
 * export not verified (compliance.dslr). Each: its inputs, the numbers in its message, and a near miss.
 */
class SiteAndExportRulesTest {
    private static ScenarioBuilder datacenter(String model) {
        return new ScenarioBuilder().model(model).kind("chat").context(4096).users(8).deployment("datacenter");
    }

    @Test
    void liquidCooledHardwareNeedsLiquidCooledRacks() {
        String rule = "Liquid-cooled hardware needs liquid-cooled racks";
        // servers.yaml: the GB200 NVL72 rack is liquid-cooled and draws 120,000 W; a DGX H100 is air-cooled.
        Candidate nvl72 = candidate(1, "llama-3-70b", "gb200-per-gpu-186g", 4, 1, "fp8", 16, 3072, 1024);
        Candidate dgx = candidate(2, "llama-3-70b", "h100-sxm-80g", 4, 1, "fp8", 16, 3072, 1024);
        ScenarioBuilder air = datacenter("llama-3-70b");
        air.site().cooling("air");
        List<Finding> findings = run(air, nvl72, dgx);
        assertTrue(nvl72.isNeedsLiquidCooling() && !dgx.isNeedsLiquidCooling());
        assertEquals(120.0, nvl72.getNodePowerKw(), 1e-9);
        Finding fired = one(findings, rule, 1);
        assertEquals(Finding.Severity.REJECT, fired.severity());
        assertEquals(nvl72.getServer() + " is liquid-cooled (120 kW per rack); the site's racks are air-cooled", fired.message());
        assertTrue(of(findings, rule, 2).isEmpty(), "an air-cooled node in air-cooled racks");
        // Near miss: the same rack at a site with liquid cooling, or one that says nothing about cooling.
        ScenarioBuilder liquid = datacenter("llama-3-70b");
        liquid.site().cooling("liquid");
        assertTrue(of(run(liquid, candidate(1, "llama-3-70b", "gb200-per-gpu-186g", 4, 1, "fp8", 16, 3072, 1024)), rule, 1).isEmpty());
        assertTrue(of(run(datacenter("llama-3-70b"), candidate(1, "llama-3-70b", "gb200-per-gpu-186g", 4, 1, "fp8", 16, 3072, 1024)), rule, 1).isEmpty());
    }

    @Test
    void aPowerBudgetCannotBeMetByHardwareWhosePowerIsUnknown() {
        String rule = "A power budget cannot be met by hardware whose power is unknown";
        // gpus.yaml: the A10G has no TDP (tdpW: null) and no server row with a whole-node power; the L40S has 350 W.
        Candidate a10g = candidate(1, "llama-3-8b", "a10g-24g", 1, 1, "fp16", 1, 1792, 256);
        Candidate l40s = candidate(2, "llama-3-8b", "l40s-48g", 1, 1, "fp16", 1, 1792, 256);
        List<Finding> findings = run(datacenter("llama-3-8b").maxPowerW(100_000), a10g, l40s);
        assertFalse(a10g.isFleetPowerKnown());
        assertTrue(l40s.isFleetPowerKnown() && l40s.getFleetPowerW() < 100_000, l40s.getFleetPowerW() + " W");
        Finding fired = one(findings, rule, 1);
        assertEquals(Finding.Severity.REJECT, fired.severity());
        assertEquals("no TDP for " + a10g.getGpuName() + " and no whole-node power for " + a10g.getServer()
                + " in the catalog: add one (catalog overlay) to check the power budget", fired.message());
        assertTrue(of(findings, rule, 2).isEmpty(), "a known draw under the budget");
        // Near miss: without a power budget an unknown draw is nothing to check.
        assertTrue(of(run(datacenter("llama-3-8b"), candidate(1, "llama-3-8b", "a10g-24g", 1, 1, "fp16", 1, 1792, 256)), rule, 1).isEmpty());
    }

    @Test
    void anExportStatusTheCatalogHasNotVerifiedIsStated() {
        String rule = "An export status the catalog has not verified is stated and never taken as allowed";
        // gpus.yaml: the H100 has restriction facts for CN, MO, D:5 ... and none for Japan; the RTX 4090 D is
        // recorded as allowed in China (below the Oct-2023 thresholds).
        Candidate h100 = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 1792, 256);
        List<Finding> japan = run(datacenter("llama-3-8b").region("JP"), h100);
        assertEquals("not verified", h100.getExportStatus());
        Finding fired = one(japan, rule, 1);
        assertEquals(Finding.Severity.WARNING, fired.severity());
        assertEquals("export status of " + h100.getGpuName() + " for region JP not verified in the catalog", fired.message());

        Candidate h100InChina = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 1792, 256);
        Candidate d = candidate(2, "llama-3-8b", "rtx-4090-d", 1, 1, "fp16", 1, 1792, 256);
        List<Finding> china = run(datacenter("llama-3-8b").region("CN"), h100InChina, d);
        assertEquals("restricted", h100InChina.getExportStatus());
        assertEquals("allowed", d.getExportStatus());
        assertTrue(of(china, rule, 1).isEmpty(), "a restriction is a fact, not an unverified status");
        assertTrue(of(china, rule, 2).isEmpty(), "a sourced allowance");
        // Near miss: no region, no export question.
        assertTrue(of(run(datacenter("llama-3-8b"), candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 1792, 256)), rule, 1).isEmpty());
    }
}
