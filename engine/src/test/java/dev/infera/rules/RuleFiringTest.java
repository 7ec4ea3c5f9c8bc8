package dev.infera.rules;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import dev.infera.plan.Candidate;
import dev.infera.plan.DeploymentSpec;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Focused rule tests: the smallest facts that make a rule fire, with the numbers in its message,
 * beside a near miss (an innocent bystander in the same session) that must not.
 */
class RuleFiringTest {
    private static RuleBase rules;
    private static final Catalog CATALOG = TestCatalog.shipped();
    private static final Estimator ESTIMATOR = new Estimator(CATALOG.assumptions());

    @BeforeAll
    static void load() {
        rules = RuleBase.load(Path.of("rules"));
    }

    private static Candidate candidate(int id, String model, String gpu, int tp, int pp, String weights, int batch, int input, int output) {
        Deployment d = new DeploymentSpec(model, gpu, 0, tp, pp, weights, null, "vllm", batch, input, output).resolve(CATALOG);
        return new Candidate(id, d, ESTIMATOR.estimate(d, CATALOG.price(d.gpu()).orElse(null)));
    }

    private static List<Finding> run(ScenarioBuilder scenario, Candidate... candidates) {
        Scenario s = scenario.build();
        return RuleRun.run(rules, s, List.of(candidates)).all();
    }

    private static List<Finding> of(List<Finding> findings, String rule, int candidate) {
        return findings.stream().filter(f -> f.rule().equals(rule) && f.candidateId() == candidate).toList();
    }

    private static ScenarioBuilder chat(String model) {
        return new ScenarioBuilder().model(model).kind("chat").context(2048).users(1).deployment("workstation");
    }

    @Test
    void avoidTensorParallelismWithoutNvlink() {
        Candidate pcie = candidate(1, "llama-3-70b", "rtx-4090", 2, 1, "int4", 1, 1792, 256);
        Candidate nvlink = candidate(2, "llama-3-70b", "a100-sxm-80g", 2, 1, "int4", 1, 1792, 256);
        List<Finding> findings = run(chat("llama-3-70b"), pcie, nvlink);
        Finding fired = of(findings, "Avoid tensor parallelism without NVLink", 1).get(0);
        assertEquals(-40, fired.points());
        assertTrue(fired.message().matches("TP=2 all-reduces over PCIe 4\\.0 x16 add \\d+\\.\\d ms per token, \\d+ % of the step"), fired.message());
        assertTrue(of(findings, "Avoid tensor parallelism without NVLink", 2).isEmpty());
    }

    @Test
    void theModelMustFitInGpuMemory() {
        Candidate tooBig = candidate(1, "llama-3-70b", "a100-sxm-80g", 1, 1, "fp16", 1, 7936, 256);
        Candidate fits = candidate(2, "llama-3-70b", "a100-sxm-80g", 2, 1, "fp16", 1, 7936, 256);
        List<Finding> findings = run(chat("llama-3-70b"), tooBig, fits);
        Finding fired = of(findings, "The model must fit in GPU memory", 1).get(0);
        assertEquals(Finding.Severity.REJECT, fired.severity());
        assertTrue(fired.message().startsWith("needs 145.5 GB per GPU, 77.3 GB usable (short 68.2 GB)"), fired.message());
        assertTrue(of(findings, "The model must fit in GPU memory", 2).isEmpty());
    }

    @Test
    void useAPrecisionOnlyWhereTheGpuHasTensorCoresForIt() {
        Candidate a100 = candidate(1, "llama-3-8b", "a100-sxm-80g", 1, 1, "fp8", 1, 1792, 256);
        Candidate h100 = candidate(2, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp8", 1, 1792, 256);
        List<Finding> findings = run(chat("llama-3-8b").deployment("datacenter"), a100, h100);
        assertTrue(of(findings, "Use a precision only where the GPU has tensor cores for it", 1).get(0).message().contains("no FP8 tensor cores"));
        assertTrue(of(findings, "Use a precision only where the GPU has tensor cores for it", 2).isEmpty());
    }

    @Test
    void geforceCardsAreNotLicensedForDatacenterDeployment() {
        Candidate geforce = candidate(1, "llama-3-8b", "rtx-4090", 1, 1, "fp16", 1, 1792, 256);
        Candidate workstation = candidate(2, "llama-3-8b", "rtx-6000-ada", 1, 1, "fp16", 1, 1792, 256);
        List<Finding> findings = run(chat("llama-3-8b").deployment("datacenter"), geforce, workstation);
        assertEquals(1, of(findings, "GeForce cards are not licensed for datacenter deployment", 1).size());
        assertTrue(of(findings, "GeForce cards are not licensed for datacenter deployment", 2).isEmpty());
        assertTrue(run(chat("llama-3-8b").deployment("workstation"), geforce).stream()
                .noneMatch(f -> f.rule().equals("GeForce cards are not licensed for datacenter deployment")), "a lab may use GeForce");
    }

    @Test
    void exportRestrictedPartsAreOutWhereTheRegionForbidsThem() {
        Candidate h100 = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 1792, 256);
        List<Finding> inChina = run(chat("llama-3-8b").deployment("datacenter").region("CN"), h100);
        assertTrue(of(inChina, "Export-restricted parts are out where the region forbids them", 1).get(0).message().contains("export-restricted in CN"));
        List<Finding> elsewhere = run(chat("llama-3-8b").deployment("datacenter").region("DE"), h100);
        assertTrue(of(elsewhere, "Export-restricted parts are out where the region forbids them", 1).isEmpty());
    }

    @Test
    void interactiveOutputMustStreamFasterThanPeopleRead() {
        Candidate slow = candidate(1, "llama-3-70b", "l40s-48g", 4, 1, "fp16", 1, 1792, 256);
        Candidate fast = candidate(2, "llama-3-70b", "h100-sxm-80g", 2, 1, "fp16", 1, 1792, 256);
        List<Finding> findings = run(chat("llama-3-70b").tpotMs(50), slow, fast);
        Finding fired = of(findings, "Interactive output must stream faster than people read", 1).get(0);
        assertTrue(fired.message().contains("misses the 50 ms target"), fired.message());
        assertEquals(-25, fired.points());
        assertTrue(of(findings, "Interactive output must stream faster than people read", 2).isEmpty());
    }

    @Test
    void decodeIsMemoryBandwidthBoundAtSmallBatch() {
        Candidate single = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 1792, 256);
        Candidate busy = candidate(2, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 256, 1792, 256);
        List<Finding> findings = run(chat("llama-3-8b"), single, busy);
        assertTrue(of(findings, "Decode is memory-bandwidth bound at small batch", 1).get(0).message().contains("3350 GB/s per GPU"));
        assertTrue(of(findings, "Decode is memory-bandwidth bound at small batch", 2).isEmpty());
    }

    @Test
    void theOfflineJobMustFinishByItsDeadline() {
        Candidate small = candidate(1, "llama-3-70b", "l40s-48g", 2, 1, "int4", 16, 1536, 512);
        Candidate big = candidate(2, "llama-3-70b", "h200-sxm-141g", 1, 1, "fp8", 256, 1536, 512);
        // 100,000 documents x 512 tokens in 10 hours: 1,422 tokens/s.
        ScenarioBuilder job = new ScenarioBuilder().model("llama-3-70b").kind("offline").context(2048).documents(100_000).deadlineHours(10);
        List<Finding> findings = run(job, small, big);
        assertTrue(small.getThroughput() < 1422 && big.getThroughput() > 1422, small.getThroughput() + " / " + big.getThroughput());
        assertTrue(of(findings, "The offline job must finish by its deadline", 1).get(0).message().contains("short of the 1422 tokens/s"));
        assertTrue(of(findings, "The offline job must finish by its deadline", 2).isEmpty());
    }

    @Test
    void modelsWithoutGqaMakeTheKvCacheLargerAtLongContext() {
        Candidate qwen = candidate(1, "qwen-72b", "h100-sxm-80g", 2, 1, "fp16", 1, 7936, 256);
        List<Finding> longContext = run(chat("qwen-72b").context(8192), qwen);
        Finding fired = longContext.stream().filter(f -> f.rule().equals("Models without GQA make the KV cache 8x larger at long context")).findFirst().orElseThrow();
        assertTrue(fired.isScenarioLevel());
        assertTrue(fired.message().contains("2.62 MB of KV cache per token"), fired.message());
        assertTrue(run(chat("qwen-72b").context(2048), candidate(1, "qwen-72b", "h100-sxm-80g", 2, 1, "fp16", 1, 1792, 256)).stream()
                .noneMatch(f -> f.rule().equals("Models without GQA make the KV cache 8x larger at long context")));
    }
}
