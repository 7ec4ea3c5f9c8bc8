package dev.infera.rules;

import dev.infera.plan.Candidate;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.infera.rules.RuleFacts.candidate;
import static dev.infera.rules.RuleFacts.chat;
import static dev.infera.rules.RuleFacts.of;
import static dev.infera.rules.RuleFacts.run;

/**
 * Focused rule tests: the smallest facts that make a rule fire, with the numbers in its message,
 * beside a near miss (an innocent bystander in the same session) that must not.
 */
class RuleFiringTest {
    @Test
    void avoidTensorParallelismWithoutNvlink() {
        Candidate pcie = candidate(1, "llama-3-70b", "rtx-4090", 2, 1, "int4", 1, 1792, 256);
        Candidate nvlink = candidate(2, "llama-3-70b", "a100-sxm-80g", 2, 1, "int4", 1, 1792, 256);
        List<Finding> findings = run(chat("llama-3-70b"), pcie, nvlink);
        Finding fired = of(findings, "Avoid tensor parallelism without NVLink", 1).get(0);
        double share = pcie.getCommunicationShare(), limit = pcie.getThresholds().maxCommShare();
        assertEquals(-40 * Math.min(1, share / limit), fired.points(), 1e-9, "40 points at the limit, in proportion below it");
        assertTrue(fired.message().startsWith(String.format("TP=2 all-reduces over PCIe 4.0 x16 add %.1f ms per token, %.0f %% of the step (40 points at the %.0f %% limit",
                pcie.getCommunicationMs(), share * 100, limit * 100)), fired.message());
        assertTrue(fired.message().contains("can cost more than the bandwidth TP adds"), "keeps the seed's warning: " + fired.message());
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
        // FP8 KV named: vLLM's default cache for FP8 weights is 16-bit (engines.yaml), which this case did not mean.
        Candidate big = candidate(2, "llama-3-70b", "h200-sxm-141g", 0, 1, 1, "fp8", "fp8", 256, 1536, 512);
        // 100,000 documents x 512 tokens in 10 hours: 1,422 tokens/s.
        ScenarioBuilder job = new ScenarioBuilder().model("llama-3-70b").kind("offline").context(2048).documents(100_000).deadlineHours(10);
        List<Finding> findings = run(job, small, big);
        assertTrue(small.getThroughput() < 1422 && big.getThroughput() > 1422, small.getThroughput() + " / " + big.getThroughput());
        assertTrue(of(findings, "The offline job must finish by its deadline", 1).get(0).message().contains("short of the 1422 tokens/s"));
        assertTrue(of(findings, "The offline job must finish by its deadline", 2).isEmpty());
    }

    @Test
    void modelsWithoutGqaMakeTheKvCacheLargerAtLongContext() {
        // Qwen-72B: 80 layers x 64 KV heads x 128 dims x 2 (K and V) = 1.31 M elements per token: 2.62 MB at FP16, 1.31 MB at FP8.
        String rule = "Models without GQA make the KV cache 8x larger at long context";
        Candidate fp16 = candidate(1, "qwen-72b", "h100-sxm-80g", 0, 4, 1, "fp16", "fp16", 1, 7936, 256);
        Candidate fp8 = candidate(2, "qwen-72b", "h100-sxm-80g", 0, 2, 1, "fp8", "fp8", 1, 7936, 256);
        List<Finding> longContext = run(chat("qwen-72b").context(8192), fp16, fp8);
        assertEquals("Qwen-72B (Qwen1) uses full multi-head attention (64 KV heads): 2.62 MB of fp16 KV cache per token, 21.5 GB per 8192-token sequence;"
                + " a GQA model with 8 KV heads would need 8x less", of(longContext, rule, 1).get(0).message());
        assertTrue(of(longContext, rule, 2).get(0).message().contains("1.31 MB of fp8 KV cache per token, 10.7 GB per 8192-token sequence"),
                of(longContext, rule, 2).get(0).message());
        // Near misses: the same model at 4096 tokens (not above the table's long sequence), and a GQA model at 8192.
        assertTrue(run(chat("qwen-72b").context(4096), candidate(1, "qwen-72b", "h100-sxm-80g", 2, 1, "fp16", 1, 3840, 256)).stream()
                .noneMatch(f -> f.rule().equals(rule)));
        assertTrue(run(chat("llama-3-70b").context(8192), candidate(1, "llama-3-70b", "h100-sxm-80g", 2, 1, "fp16", 1, 7936, 256)).stream()
                .noneMatch(f -> f.rule().equals(rule)));
    }

    @Test
    void interactiveAnswersMustStartWithinTheTtftTarget() {
        // 16k prompts on one L40S: over the 1 s target is a penalty; 32k prompts, over 3x, a rejection.
        Candidate slow = candidate(1, "llama-3-8b", "l40s-48g", 1, 1, "fp16", 1, 16128, 256);
        Candidate fast = candidate(2, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 16128, 256);
        List<Finding> findings = run(chat("llama-3-8b").context(16384), slow, fast);
        Finding fired = of(findings, "Interactive answers must start within the TTFT target", 1).get(0);
        assertTrue(slow.getTtftMs() > 1000 && slow.getTtftMs() < 3000, slow.getTtftMs() + " ms");
        assertEquals(-30, fired.points());
        assertTrue(fired.message().matches("TTFT \\d+ ms misses the 1000 ms target"), fired.message());
        assertTrue(of(findings, "Interactive answers must start within the TTFT target", 2).isEmpty());
        Candidate longPrompt = candidate(3, "llama-3-8b", "l40s-48g", 1, 1, "fp16", 1, 31744, 1024);
        Finding rejected = of(run(chat("llama-3-8b").context(32768), longPrompt), "Interactive answers must start within the TTFT target", 3).get(0);
        assertEquals(Finding.Severity.REJECT, rejected.severity());
        assertTrue(rejected.message().contains("is over 3x the 1000 ms target"), rejected.message());
    }

    @Test
    void keepTheInteractiveBatchBounded() {
        Candidate crowded = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 64, 1792, 256);
        Candidate bounded = candidate(2, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 32, 1792, 256);
        List<Finding> findings = run(chat("llama-3-8b").users(64), crowded, bounded);
        Finding fired = of(findings, "Keep the interactive batch bounded", 1).get(0);
        assertEquals(-10, fired.points());
        assertEquals("batch 64 per replica exceeds the 32 cap for interactive serving: add replicas", fired.message());
        assertTrue(of(findings, "Keep the interactive batch bounded", 2).isEmpty());
    }

    @Test
    void overPcieAPipelineBeatsTensorParallelism() {
        Candidate pipeline = candidate(1, "llama-3-70b", "rtx-4090", 1, 2, "int4", 1, 1792, 256);
        Candidate tensor = candidate(2, "llama-3-70b", "rtx-4090", 2, 1, "int4", 1, 1792, 256);
        List<Finding> findings = run(chat("llama-3-70b"), pipeline, tensor);
        Finding fired = of(findings, "Over PCIe, pipeline stages beat tensor parallelism", 1).get(0);
        assertEquals(10, fired.points());
        assertTrue(fired.message().startsWith("PP=2 over PCIe 4.0 x16 sends one activation per stage"), fired.message());
        assertTrue(of(findings, "Over PCIe, pipeline stages beat tensor parallelism", 2).isEmpty());
    }

    @Test
    void oneFastGpuWithQuantisationBeatsMultiGpuTensorParallelismForLatency() {
        Candidate oneH100 = candidate(1, "llama-3-70b", "h100-sxm-80g", 1, 1, "fp8", 1, 1792, 256);
        Candidate twoA100 = candidate(2, "llama-3-70b", "a100-sxm-80g", 2, 1, "fp16", 1, 1792, 256);
        List<Finding> findings = run(chat("llama-3-70b").deployment("datacenter"), oneH100, twoA100);
        Finding fired = of(findings, "One fast GPU with quantisation beats multi-GPU TP for latency", 1).get(0);
        assertEquals(10, fired.points());
        assertTrue(fired.message().matches("one GPU at FP8: no all-reduce, \\d+\\.\\d ms per token from 3350 GB/s alone"), fired.message());
        assertTrue(of(findings, "One fast GPU with quantisation beats multi-GPU TP for latency", 2).isEmpty());
    }

    @Test
    void offlineWorkPrefersDataParallelReplicasOverTensorParallelism() {
        Candidate tensor = candidate(1, "llama-3-8b", "h100-sxm-80g", 2, 2, 1, "fp16", null, 64, 1792, 256);
        Candidate replicas = candidate(2, "llama-3-8b", "h100-sxm-80g", 2, 1, 1, "fp16", null, 64, 1792, 256);
        List<Finding> findings = run(new ScenarioBuilder().model("llama-3-8b").kind("offline").context(2048), tensor, replicas);
        Finding fired = of(findings, "Offline work prefers data-parallel replicas over tensor parallelism", 1).get(0);
        assertEquals(-20, fired.points());
        // The message cites the twin that exists and its computed numbers.
        assertTrue(replicas.getThroughput() > tensor.getThroughput());
        assertEquals(String.format("the model fits one H100 SXM 80GB: 2 independent replicas give %.0f tokens/s against TP=2's %.0f",
                replicas.getThroughput(), tensor.getThroughput()), fired.message());
        assertTrue(of(findings, "Offline work prefers data-parallel replicas over tensor parallelism", 2).isEmpty());
    }

    @Test
    void highConcurrencyTurnsDecodeComputeBound() {
        // Short sequences, a big batch: one weight read serves 512 tokens of arithmetic.
        Candidate busy = candidate(1, "llama-3-8b", "l40s-48g", 1, 1, "fp16", 512, 32, 32);
        Candidate single = candidate(2, "llama-3-8b", "l40s-48g", 1, 1, "fp16", 1, 32, 32);
        assertEquals("compute", busy.getBottleneck());
        List<Finding> findings = run(chat("llama-3-8b").deployment("datacenter"), busy, single);
        Finding fired = of(findings, "High concurrency turns decode compute-bound", 1).get(0);
        assertTrue(fired.message().startsWith("batch 512 makes each step compute-bound"), fired.message());
        assertTrue(fired.message().endsWith(String.format(java.util.Locale.ROOT, "= %.0f tokens/s", busy.getComputeCeilingTokensPerS())), fired.message());
        assertTrue(of(findings, "High concurrency turns decode compute-bound", 2).isEmpty());
    }

    @Test
    void stayWithinThePowerAndHourlyBudgets() {
        // The budget is the whole fleet's: 16 H100s are 11.2 kW of TDP but two 10.2 kW DGX H100 nodes.
        Candidate sixteen = candidate(1, "llama-3-70b", "h100-sxm-80g", 16, 8, 2, "fp16", null, 1, 1792, 256);
        Candidate two = candidate(2, "llama-3-70b", "h100-sxm-80g", 2, 2, 1, "fp16", null, 1, 1792, 256);
        List<Finding> findings = run(chat("llama-3-70b").deployment("datacenter").maxPowerW(15000).maxUsdPerHour(10), sixteen, two);
        assertEquals("20.4 kW for 2 x hgx-h100-8gpu at 10.2 kW each (whole node: GPUs, CPUs, NICs, fans, from servers.yaml) exceeds the 15.0 kW budget",
                of(findings, "Stay within the power budget", 1).get(0).message());
        assertTrue(of(findings, "Stay within the hourly budget", 1).get(0).message().matches("\\$\\d+\\.\\d\\d per hour exceeds the \\$10\\.00 budget"));
        assertTrue(of(findings, "Stay within the power budget", 2).isEmpty());
        assertTrue(of(findings, "Stay within the hourly budget", 2).isEmpty());
    }

    @Test
    void fp8KvCacheDoublesTheConcurrencyThatFits() {
        Candidate fp8Kv = candidate(1, "llama-3-70b", "h200-sxm-141g", 0, 1, 1, "fp8", "fp8", 32, 7936, 256);
        Candidate fp16Kv = candidate(2, "llama-3-70b", "h200-sxm-141g", 0, 1, 1, "fp8", "fp16", 16, 7936, 256);
        assertTrue(fp8Kv.isFits() && fp16Kv.isFits() && fp8Kv.getKvShare() > 0.2 && fp16Kv.getKvShare() > 0.2);
        List<Finding> findings = run(chat("llama-3-70b").context(8192), fp8Kv, fp16Kv);
        Finding fired = of(findings, "FP8 KV cache doubles the concurrency that fits", 1).get(0);
        assertEquals(5, fired.points());
        // The 16-bit figure is the same cache at 16 bits: twice the FP8 one.
        assertEquals(String.format(java.util.Locale.ROOT, "FP8 KV cache: %.1f GB instead of %.1f GB per GPU, room for twice the sequences",
                fp8Kv.getKvGb(), 2 * fp8Kv.getKvGb()), fired.message());
        assertTrue(of(findings, "FP8 KV cache doubles the concurrency that fits", 2).isEmpty());
    }

    @Test
    void aPrefixCachedTwinKeepsTheFp8KvCreditItsPlainTwinEarns() {
        // The report's example: Llama-3-70B NVFP4 on one B200 at 32 users. Without the cache the KV is 24 % of usable
        // memory, with half of each prompt cached on half the requests 18 %: the cache shrank it, not the format.
        String rule = "FP8 KV cache doubles the concurrency that fits";
        Candidate plain = RuleFacts.candidate(1, "llama-3-70b", "b200-sxm-180g", 0, 1, 1, "nvfp4", "fp8", 32, 7936, 256);
        Candidate cached = RuleFacts.prefixCached(2, plain, 3968, 0.5);
        assertTrue(plain.getKvShare() > 0.2 && cached.getKvShare() < 0.2, plain.getKvShare() + " and " + cached.getKvShare());
        assertEquals(plain.getKvShare(), cached.getKvShareWithoutPrefixCache(), 1e-12);
        List<Finding> findings = run(chat("llama-3-70b").context(8192), plain, cached);
        assertEquals(5, of(findings, rule, 1).get(0).points());
        assertEquals(5, of(findings, rule, 2).get(0).points());
        // Near miss: the same twin's plain share under the bar earns nothing (one user: a small cache).
        Candidate small = RuleFacts.candidate(3, "llama-3-70b", "b200-sxm-180g", 0, 1, 1, "nvfp4", "fp8", 1, 7936, 256);
        Candidate smallCached = RuleFacts.prefixCached(4, small, 3968, 0.5);
        assertTrue(small.getKvShare() < 0.2);
        assertTrue(of(run(chat("llama-3-70b").context(8192), small, smallCached), rule, 4).isEmpty());
    }
}
