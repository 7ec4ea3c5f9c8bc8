package dev.infera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `infera estimate --rate`: the simulated percentiles in text, JSON and the CSV columns of rows with a rate. */
class EstimateRateTest {
    @TempDir
    Path temp;

    private static final String[] H100 = {"estimate", "--model", "llama-3-8b", "--gpu", "h100-sxm-80g", "--weights", "fp8", "--context", "2048"};

    private static String[] with(String... more) {
        String[] args = Arrays.copyOf(H100, H100.length + more.length);
        System.arraycopy(more, 0, args, H100.length, more.length);
        return args;
    }

    @Test
    void aRateGivesPercentilesAnAchievedRateAndTheHighestSustainableRateUnderTheSla() throws Exception {
        CliRun r = CliRun.of(with("--rate", "10", "--ttft", "500@p99", "--tpot", "30@p90", "--json"));
        assertEquals(0, r.code(), r.err());
        JsonNode sim = new ObjectMapper().readTree(r.out()).get("simulation");
        assertTrue(sim.get("ttft_ms_p50").asDouble() <= sim.get("ttft_ms_p90").asDouble());
        assertTrue(sim.get("ttft_ms_p90").asDouble() <= sim.get("ttft_ms_p99").asDouble());
        assertTrue(sim.get("tpot_ms_p50").asDouble() <= sim.get("tpot_ms_p99").asDouble());
        assertEquals(10, sim.get("achieved_requests_per_s").asDouble(), 1.0);
        assertTrue(sim.get("sla_met").asBoolean());
        assertTrue(sim.get("sustainable_requests_per_s").asDouble() > 10);
        assertEquals(800, sim.get("measured_requests_per_replica").asInt());
    }

    @Test
    void theSameCommandPrintsTheSameNumbers() {
        CliRun a = CliRun.of(with("--rate", "15", "--cv", "2", "--requests", "300"));
        CliRun b = CliRun.of(with("--rate", "15", "--cv", "2", "--requests", "300"));
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("15 requests/s (gamma gaps, cv 2)"), a.out());
        assertTrue(a.out().contains("a finite run: every request counts"), a.out());
        assertEquals(a.out(), b.out());
    }

    @Test
    void usersInAClosedLoopAreSimulatedToo() {
        CliRun r = CliRun.of(with("--users", "8", "--think", "1"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("8 users (closed loop, think 1 s)"), r.out());
        assertTrue(r.out().contains("batch 8 per replica"), "the closed form beside it at 8 users: " + r.out());
    }

    @Test
    void rowsWithARateGetThePercentileColumnsAndRowsWithoutLeaveThemEmpty() throws Exception {
        Path csv = temp.resolve("rows.csv");
        Files.writeString(csv, "model,gpu,tp,weights,input_tokens,output_tokens,rate,requests\n"
                + "llama-3-8b,h100-sxm-80g,1,fp8,1792,256,10,\n"
                + "llama-3-8b,h100-sxm-80g,1,fp8,1792,256,inf,100\n"
                + "llama-3-8b,h100-sxm-80g,1,fp8,1792,256,,\n");
        CliRun r = CliRun.of("estimate", "--input", csv.toString(), "--format", "jsonl");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> rows = r.out().lines().map(line -> {
            try {
                return new ObjectMapper().readTree(line);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(3, rows.size());
        JsonNode atRate = rows.get(0);
        assertEquals(10, atRate.get("achieved_requests_per_s").asDouble(), 1.0);
        assertTrue(atRate.get("ttft_ms_p99").asDouble() >= atRate.get("ttft_ms_p50").asDouble());
        // The served means are the simulated ones: between the median and the 99th percentile here.
        assertTrue(atRate.get("ttft_ms").asDouble() <= atRate.get("ttft_ms_p99").asDouble());
        assertEquals("inf", rows.get(1).get("rate").asText());
        assertEquals(100, rows.get(1).get("requests").asInt());
        assertTrue(rows.get(1).get("ttft_ms_p99").asDouble() > 10 * rows.get(0).get("ttft_ms_p99").asDouble(),
                "100 prompts at once queue behind each other");
        assertTrue(rows.get(2).get("ttft_ms_p50") == null || rows.get(2).get("ttft_ms_p50").isNull());
        CliRun csvOut = CliRun.of("estimate", "--input", csv.toString());
        String header = csvOut.out().lines().findFirst().orElseThrow();
        assertTrue(header.endsWith("rate,requests,ttft_ms_p50,ttft_ms_p90,ttft_ms_p99,tpot_ms_p50,tpot_ms_p90,tpot_ms_p99,achieved_requests_per_s"), header);
    }

    @Test
    void aFileWithoutARateColumnKeepsItsColumns() throws Exception {
        Path csv = temp.resolve("plain.csv");
        Files.writeString(csv, "model,gpu,tp\nllama-3-8b,h100-sxm-80g,1\n");
        CliRun r = CliRun.of("estimate", "--input", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(!r.out().contains("ttft_ms_p50"), r.out());
    }

    @Test
    void adviseWithAPercentileTargetShowsEachSimulatedRowsPercentilesInJson() throws Exception {
        CliRun r = CliRun.of("advise", "--model", "llama-3-8b", "--scenario", "chat", "--context", "2048", "--rate", "12",
                "--gpus", "h100-sxm-80g", "--weights", "fp8", "--engines", "vllm", "--max-gpus", "2", "--ttft", "80@p99", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode first = new ObjectMapper().readTree(r.out()).get("ranked").get(0);
        JsonNode sim = first.get("simulation");
        assertTrue(sim != null && sim.get("ttft_ms_p99").asDouble() >= sim.get("ttft_ms_p50").asDouble(), first.toString());
        assertEquals(12, sim.get("achieved_requests_per_s").asDouble(), 1.5);
    }
}
