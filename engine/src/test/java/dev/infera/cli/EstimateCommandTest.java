package dev.infera.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `infera estimate` as a user runs it: a table, JSON, a CSV of many rows, and one-line errors with exit code 2. */
class EstimateCommandTest {
    @TempDir
    Path temp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void theReadmeExamplePrintsATable() {
        CliRun r = run("estimate", "--model", "llama-3-70b", "--gpu", "a100-sxm-80g", "--gpus", "2", "--tp", "2",
                "--weights", "fp16", "--context", "8192", "--batch", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fits                      yes"), r.out());
        // vLLM pages the cache: 7936 + 256 / 2 = 8064 tokens held x 327,680 B per token / 2 GPUs = 1.32 GB (a whole 8192 would be 1.34).
        assertTrue(r.out().contains("1.32 GB"), "KV cache of 8k split over TP=2, held as paged");
    }

    @Test
    void anUnknownGpuSuggestsTheClosestIds() {
        CliRun r = run("estimate", "--model", "llama-3-70b", "--gpu", "h100");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("infera: unknown gpu or server 'h100' (did you mean h100-"), r.err());
        assertFalse(r.err().contains("\tat "));
    }

    @Test
    void aConfigurationThatDoesNotFitIsAResultNotAnError() {
        CliRun r = run("estimate", "--model", "llama-3-70b", "--gpu", "a100-sxm-80g", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"fits\" : false") && r.out().contains("\"shortfall_gb_per_gpu\""), r.out());
    }

    @Test
    void aThousandRowsComeBackInInputOrder() throws IOException {
        Path input = temp.resolve("configs.csv");
        List<String> lines = new ArrayList<>();
        lines.add("model,gpu,gpus,tp,pp,weights,kv,engine,batch,input_tokens,output_tokens");
        String[] gpus = {"h100-sxm-80g", "a100-sxm-80g", "l40s-48g", "rtx-4090"};
        for (int i = 0; i < 1000; i++) {
            lines.add("llama-3-8b," + gpus[i % 4] + ",1,1,1," + (i % 2 == 0 ? "fp16" : "int4") + ",,," + (i % 5 == 0 ? "max" : String.valueOf(1 + i % 64))
                    + "," + (256 + i) + ",128");
        }
        Files.write(input, lines);
        Path output = temp.resolve("out.csv");
        CliRun r = run("estimate", "--input", input.toString(), "-o", output.toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(output);
        assertEquals(1001, rows.size());
        assertTrue(rows.get(0).startsWith("model,gpu,gpus,tp,pp,weights,kv,engine,batch,input_tokens,output_tokens,fits,memory_gb_per_gpu,weights_gb_per_gpu,weights_gb_total,kv_gb_per_gpu,kv_gb_total,ttft_alone_ms,ttft_ms,step_ms,tpot_ms,per_sequence_tokens_per_s,output_tokens_per_s,bottleneck"));
        for (int i = 1; i <= 1000; i++) {
            assertTrue(rows.get(i).contains("," + (256 + i - 1) + ",128,"), "row " + i + " in input order: " + rows.get(i));
        }
    }

    @Test
    void aBadRowStopsWithFileLineAndLeavesTheOldOutputAlone() throws IOException {
        Path input = temp.resolve("bad.csv");
        Files.write(input, List.of("model,gpu,tp", "llama-3-8b,h100-sxm-80g,1", "llama-3-8b,h100-sxm-80gb,1"));
        Path output = temp.resolve("out.csv");
        Files.writeString(output, "previous results\n");
        CliRun r = run("estimate", "--input", input.toString(), "-o", output.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.csv:3: unknown gpu or server 'h100-sxm-80gb' (did you mean h100-sxm-80g"), r.err());
        assertEquals("previous results\n", Files.readString(output));
    }
}
