package dev.infera.advice;

import dev.infera.TestRules;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The headline when even the best candidate misses the latency targets names the targets the scenario has. */
class NoneMeetsTest {
    @Test
    void theHeadlineNamesTheTargetsTheClosestCandidateMisses() {
        // Agent defaults (thresholds table): TTFT 500 ms, TPOT 30 ms. 16-bit weights of an 8B model read from one L40S's
        // 864 GB/s take about 19 ms a step alone (16 GB / 864 GB/s); with 8 users' prefills interleaved the best misses a target.
        Advice hard = TestRules.advisor().advise(new ScenarioBuilder().model("llama-3-8b").kind("agent").context(2048).users(8)
                .gpus(List.of("l40s-48g")).maxGpus(1).weights(List.of("fp16")).kv(List.of("fp16")).engines(List.of("vllm")).build());
        String line = hard.noneMeets();
        assertTrue(hard.winner() != null && !hard.winner().candidate().isMeetsLatencyTargets(), "the closest misses a target");
        assertTrue(line != null && line.startsWith("No configuration in this pool meets TTFT 500 ms and TPOT 30 ms at 8 users; closest: "), line);
        // Near miss: an 8B model on an H100 meets both, so there is no such headline.
        assertNull(TestRules.advisor().advise(new ScenarioBuilder().model("llama-3-8b").kind("agent").context(2048).users(1)
                .gpus(List.of("h100-sxm-80g")).engines(List.of("vllm")).build()).noneMeets());
    }
}
