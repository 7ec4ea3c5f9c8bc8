package dev.infera.calibrate;

import dev.infera.catalog.Catalog;
import dev.infera.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasurementCsvTest {
    private static final Path CATALOG = Path.of("catalog");
    private static final String HEADER = "model,params_b,weight_format,gpu,gpu_count,parallelism,framework,"
            + "context_or_prompt_tokens,decode_tokens_per_s,prefill_tokens_per_s,gpu_key,colour";

    @TempDir
    Path dir;

    @Test
    void badRowsAreDroppedOneLineEachAndCleanRowsKept() throws IOException {
        Path file = write("bench.csv", List.of(HEADER,
                "Meta-Llama-3-8B,8.03,Q4_K_M (effective 4.90 bpw),RTX 4090,1,none,llama.cpp (CUDA),tg512; pp512,130.58,7138.99,RTX-4090-24GB,red",
                "Meta-Llama-3-70B,70.55,Q4_K_M (effective 4.82 bpw),RTX 4090,2,layer-split,llama.cpp (CUDA),tg512; pp512,19.22,839.43,RTX-4090-24GB,red",
                "Meta-Llama-3-8B,8.03,F16,Quantum GPU,1,none,llama.cpp,tg512; pp512,50,5000,QPU-9000,",
                "Llama-9-8B,8.03,F16,RTX 4090,1,none,llama.cpp,tg512; pp512,50,5000,RTX-4090-24GB,",
                "Meta-Llama-3-8B,8.03,F16,RTX 4090,1,none,llama.cpp,tg512; pp512,fast,5000,RTX-4090-24GB,",
                "Meta-Llama-3-8B,8.03,F16,RTX 4090,1,none,llama.cpp,tg512; pp512,-3,5000,RTX-4090-24GB,",
                "Meta-Llama-3-8B,8.03,F16,Apple M1,1,none,llama.cpp (Metal),tg512; pp512,10,90,Apple-M1-7c,"));
        MeasurementCsv.Result result = MeasurementCsv.read(file, Catalog.loadPriors(CATALOG), Aliases.load(CATALOG), null);

        assertEquals(7, result.dataRows());
        assertEquals(2, result.usedRows());
        assertEquals(5, result.droppedRows());
        assertEquals(4, result.measurements().size(), "decode and prefill of each clean row");
        List<String> problems = result.problems();
        assertEquals(6, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("bench.csv:1: unknown column 'colour'"), problems.get(0));
        assertTrue(problems.get(1).startsWith("bench.csv:4: unknown gpu 'QPU-9000'"), problems.get(1));
        assertTrue(problems.get(2).startsWith("bench.csv:5: unknown model 'Llama-9-8B'"), problems.get(2));
        assertEquals("bench.csv:6: 'decode_tokens_per_s' must be a number, got 'fast'", problems.get(3));
        assertEquals("bench.csv:7: 'decode_tokens_per_s' must be positive, got -3", problems.get(4));
        assertTrue(problems.get(5).startsWith("bench.csv:8: no catalog GPU for 'Apple-M1-7c'"), problems.get(5));

        Measurement split = result.measurements().get(2);
        assertEquals(Measurement.Kind.DECODE_BATCH1, split.kind());
        assertEquals(2, split.deployment().pipelineParallel(), "llama.cpp multi-GPU is a layer split");
        assertEquals(1, split.deployment().tensorParallel());
        assertEquals(4.82, split.deployment().weights().bitsPerWeight(), 1e-9, "the row's effective bits per weight");
        assertEquals(512, split.deployment().outputTokens());
    }

    @Test
    void aFileWithNoUsableRowsIsBadInput() throws IOException {
        Path file = write("empty.csv", List.of(HEADER,
                "Llama-9-8B,8.03,F16,RTX 4090,1,none,llama.cpp,tg512; pp512,50,5000,RTX-4090-24GB,"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "calibrate", file.toString(), "-o", dir.resolve("o.yaml").toString());
        assertEquals(Main.BAD_INPUT, code);
        assertTrue(err.toString().contains("empty.csv:2: unknown model 'Llama-9-8B'"), err.toString());
        assertTrue(err.toString().contains("no usable rows (1 dropped)"), err.toString());
        assertTrue(Files.notExists(dir.resolve("o.yaml")));
    }

    @Test
    void tooFewRowsToFitAnEngineIsReported() throws IOException {
        Path file = write("two.csv", List.of(HEADER,
                "Meta-Llama-3-8B,8.03,Q4_K_M (effective 4.90 bpw),RTX 4090,1,none,llama.cpp (CUDA),tg512; pp512,130.58,7138.99,RTX-4090-24GB,"));
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "calibrate", file.toString(),
                "-o", dir.resolve("o.yaml").toString());
        assertEquals(Main.BAD_INPUT, code);
        assertTrue(err.toString().contains("two.csv: engine llama.cpp: only 2 measurements, 6 needed to fit"), err.toString());
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }
}
