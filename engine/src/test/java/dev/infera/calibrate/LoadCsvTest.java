package dev.infera.calibrate;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadCsvTest {
    private static final Path CATALOG = Path.of("catalog");
    static final String HEADER = "source_id,source_url,framework,backend,model,gpu,gpu_count,tp,weight_format,input_tokens,output_tokens,"
            + "concurrency,request_rate,requests,output_tokens_per_s,ttft_mean_ms,tpot_mean_ms,colour";
    private static final String URL = "https://example.org/page";

    @TempDir
    Path dir;

    @Test
    void badRowsAreDroppedOneLineEachAndCleanRowsKept() throws IOException {
        Path file = write("load.csv", List.of(HEADER,
                "a," + URL + ",trtllm,pytorch,llama-3.1-8b,h100-sxm-80g,1,1,fp8,128,128,,inf,3000,28312,,,red",
                "a," + URL + ",vllm,,llama-3.1-8b,h100-sxm-80g,1,1,bf16,467,256,,4,500,929,24,9,",
                "a," + URL + ",lmdeploy,,llama-2-7b,a100-sxm-80g,1,1,fp16,128,128,16,,,1272.47,129,,",
                "a," + URL + ",vllm,,llama-3.1-8b,h100-sxm-80gb,1,1,bf16,128,128,,4,500,900,,,",
                "a," + URL + ",vllm,,llama-3.1-8b,h100-sxm-80g,1,1,bf16,128,128,,fast,500,900,,,",
                "a," + URL + ",vllm,,llama-3.1-8b,h100-sxm-80g,1,1,bf16,128,128,8,4,500,900,,,",
                "a," + URL + ",vllm,,llama-3.1-8b,h100-sxm-80g,1,1,bf16,,128,,4,500,900,,,",
                "a," + URL + ",vllm,,llama-3.1-8b,h100-sxm-80g,1,1,bf16,128,128,,4,500,,,,",
                "a," + URL + ",vllm,,llama-3.1-8b,h100-sxm-80g,2,4,bf16,128,128,,4,500,900,,,",
                "," + URL + ",vllm,,llama-3.1-8b,h100-sxm-80g,1,1,bf16,128,128,,4,500,900,,,",
                "a," + URL + ",vllm,,llama-3.1-8b,h100-sxm-80g,1,1,bf16,128,128,,4,500,-5,,,"));
        LoadCsv.Result result = LoadCsv.read(file, Catalog.loadPriors(CATALOG));

        assertEquals(11, result.dataRows());
        assertEquals(3, result.rows().size());
        List<String> problems = result.problems();
        assertEquals(9, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("load.csv:1: unknown column 'colour'"), problems.get(0));
        assertTrue(problems.get(1).startsWith("load.csv:5: unknown gpu 'h100-sxm-80gb'") && problems.get(1).contains("h100-sxm-80g"),
                problems.get(1));
        assertEquals("load.csv:6: 'request_rate' must be requests/s (a number) or inf, got 'fast'", problems.get(2));
        assertEquals("load.csv:7: give a concurrency or a request_rate, not both", problems.get(3));
        assertTrue(problems.get(4).startsWith("load.csv:8: input_tokens and output_tokens are needed"), problems.get(4));
        assertTrue(problems.get(5).startsWith("load.csv:9: no measured value"), problems.get(5));
        assertEquals("load.csv:10: gpu_count 2 is not a multiple of tp x pp = 4", problems.get(6));
        assertEquals("load.csv:11: every row needs its source_id and source_url", problems.get(7));
        assertEquals("load.csv:12: 'output_tokens_per_s' must be positive, got -5", problems.get(8));

        LoadRow allAtOnce = result.rows().get(0);
        assertEquals("trtllm (pytorch)", allAtOnce.engine());
        assertEquals(LoadRow.Regime.ALL_AT_ONCE, allAtOnce.regime());
        assertEquals(3000, allAtOnce.load().requests());
        LoadRow rate = result.rows().get(1);
        assertEquals(LoadRow.Regime.RATE, rate.regime());
        assertEquals(4, rate.load().requestsPerS());
        assertEquals(24.0, rate.measured().get(LoadRow.Statistic.TTFT_MEAN));
        assertEquals(9.0, rate.measured().get(LoadRow.Statistic.TPOT_MEAN));
        LoadRow closed = result.rows().get(2);
        assertEquals(LoadRow.Regime.CONCURRENCY, closed.regime());
        assertEquals(16, closed.load().users());
        assertEquals(16, closed.deployment().batch());
    }

    @Test
    void aRowsSchedulerStepsAreItsEnginesRunSettingAndOnlyWherePagedWithoutAPrediction() throws IOException {
        String header = "source_id,source_url,framework,model,gpu,weight_format,input_tokens,output_tokens,request_rate,requests,"
                + "ttft_p50_ms,scheduler_steps";
        Path file = write("steps.csv", List.of(header,
                "a," + URL + ",vllm,llama-3.1-8b,a100-sxm-80g,bf16,224,189,4,1200,100.48,10",
                "a," + URL + ",vllm,llama-3.1-8b,a100-sxm-80g,bf16,224,189,4,1200,100.48",
                "a," + URL + ",sglang,llama-3.1-8b,a100-sxm-80g,bf16,224,189,4,1200,31.98,10",
                "a," + URL + ",vllm,llama-3.1-8b,a100-sxm-80g,bf16,224,189,4,1200,100.48,0"));
        LoadCsv.Result result = LoadCsv.read(file, Catalog.loadPriors(CATALOG));
        assertEquals(2, result.rows().size());
        // The run's setting applies to whichever profile simulates the row (shipped or refitted); a row without the cell keeps
        // the profile's: vLLM schedules every step by default.
        dev.infera.catalog.Engine vllm = Catalog.loadPriors(CATALOG).engine("vllm");
        assertEquals(10, result.rows().get(0).asRun(vllm).serving().schedulerSteps());
        assertEquals(1, result.rows().get(1).asRun(vllm).serving().schedulerSteps());
        assertEquals(List.of("steps.csv:4: scheduler_steps: 10 scheduler steps (multi-step scheduling, vLLM's) are not modelled with"
                        + " admission predicted-output (sglang's profile)",
                "steps.csv:5: 'scheduler_steps' must be positive, got 0"), result.problems());
    }

    @Test
    void aRunsStatedBatchLimitTokenBudgetAndKvFormatReplaceTheProfilesForThatRowOnly() throws IOException {
        String header = "source_id,source_url,framework,model,gpu,gpu_count,tp,weight_format,input_tokens,output_tokens,request_rate,"
                + "requests,output_tokens_per_s,max_batch,max_tokens_per_step,kv_format";
        Path file = write("settings.csv", List.of(header,
                "a," + URL + ",vllm,llama-3.1-70b,mi300x-192g,8,8,fp8,128,2048,inf,3200,13383.3,3200,131072,fp8",
                "a," + URL + ",vllm,llama-3.1-70b,mi300x-192g,8,8,fp8,128,2048,inf,3200,13383.3,,,",
                "a," + URL + ",vllm,llama-3.1-70b,mi300x-192g,8,8,fp8,128,2048,inf,3200,13383.3,,,fp7"));
        Catalog catalog = Catalog.loadPriors(CATALOG);
        LoadCsv.Result result = LoadCsv.read(file, catalog);
        dev.infera.catalog.Engine vllm = catalog.engine("vllm");
        LoadRow stated = result.rows().get(0);
        assertEquals(3200, stated.asRun(vllm).serving().maxBatch());
        assertEquals(131072, stated.asRun(vllm).serving().maxTokensPerStep());
        assertEquals("fp8", stated.deployment().kv().id());
        // Unstated: vLLM's profile (engines.yaml: at most 1024 sequences, 8192 tokens a step) and its default 16-bit cache.
        LoadRow profile = result.rows().get(1);
        assertEquals(vllm.serving().maxBatch(), profile.asRun(vllm).serving().maxBatch());
        assertEquals(vllm.serving().maxTokensPerStep(), profile.asRun(vllm).serving().maxTokensPerStep());
        assertEquals(2.0, profile.deployment().kv().bytesPerElement());
        assertEquals(1, result.problems().size());
        assertTrue(result.problems().get(0).startsWith("settings.csv:4: ") && result.problems().get(0).contains("fp7"), result.problems().get(0));
    }

    @Test
    void aHeaderWithoutTheNeededColumnsIsBadInputAtLineOne() throws IOException {
        Path file = write("short.csv", List.of("source_id,model,gpu", "a,llama-3.1-8b,h100-sxm-80g"));
        BadInputException e = assertThrows(BadInputException.class, () -> LoadCsv.read(file, Catalog.loadPriors(CATALOG)));
        assertTrue(e.getMessage().startsWith("short.csv:1: a serving-under-load file needs the columns source_url, framework"),
                e.getMessage());
    }

    @Test
    void theShippedFileLoadsWholeFromAtLeastFourSources() {
        LoadCsv.Result result = LoadCsv.read(CATALOG.resolve("measurements").resolve(LoadCsv.FILE_NAME), Catalog.loadPriors(CATALOG));
        assertEquals(List.of(), result.problems());
        assertEquals(result.dataRows(), result.rows().size());
        assertTrue(result.rows().size() >= 100, "rows: " + result.rows().size());
        assertTrue(LoadEvaluation.rowsBySource(result.rows()).size() >= 4);
        assertEquals(List.of("lmdeploy", "sglang", "trtllm (cpp)", "trtllm (pytorch)", "vllm"),
                result.rows().stream().map(LoadRow::engine).distinct().sorted().toList());
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }
}
