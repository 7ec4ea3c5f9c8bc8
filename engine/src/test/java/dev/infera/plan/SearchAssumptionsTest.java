package dev.infera.plan;

import dev.infera.BadInputException;
import dev.infera.TestCatalog;
import dev.infera.TestFolders;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Estimator;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search's bounds are read from catalog/assumptions.yaml, not code: the batch cap, the TP and PP degrees
 * tried, the most pipeline stages and the generic node's GPUs each change what the search proposes when edited.
 */
class SearchAssumptionsTest {
    @TempDir
    Path temp;

    private Catalog edited(String replace, String with) throws IOException {
        Path catalog = TestFolders.copy(Path.of("catalog"), Files.createTempDirectory(temp, "catalog"));
        Path file = catalog.resolve("assumptions.yaml");
        String text = Files.readString(file);
        assertTrue(text.contains(replace), replace);
        Files.writeString(file, text.replace(replace, with));
        return Catalog.load(catalog);
    }

    private static Scenario seventyB() {
        return new ScenarioBuilder().model("llama-3-70b").kind("chat").context(4096).users(8).maxGpus(16)
                .gpus(List.of("h100-sxm-80g")).build();
    }

    private static List<Candidate> candidates(Catalog catalog) {
        return new CandidateGenerator(catalog, new Estimator(catalog.assumptions())).generate(seventyB());
    }

    private static int largest(List<Candidate> candidates, java.util.function.ToIntFunction<Candidate> degree) {
        return candidates.stream().mapToInt(degree).max().orElseThrow();
    }

    @Test
    void theBatchCapBindsWhereMemoryWouldHoldMore() throws IOException {
        DeploymentSpec spec = new DeploymentSpec("llama-3.1-8b", "h100-sxm-80g", 0, 1, 1, "fp8", "fp8", "vllm", 1, 128, 4096);
        Catalog shipped = TestCatalog.shipped();
        // Shipped cap 4096: memory decides, 455 sequences (PagedKvTest derives them).
        assertEquals(455, new Estimator(shipped.assumptions()).estimateAtMaxBatch(spec.resolve(shipped), null).maxBatch());
        Catalog capped = edited("maxBatchCap: 4096", "maxBatchCap: 100");
        assertEquals(100, new Estimator(capped.assumptions()).estimateAtMaxBatch(spec.resolve(capped), null).maxBatch());
        // Near miss: a cap one above what memory holds does not bind.
        Catalog above = edited("maxBatchCap: 4096", "maxBatchCap: 456");
        assertEquals(455, new Estimator(above.assumptions()).estimateAtMaxBatch(spec.resolve(above), null).maxBatch());
    }

    @Test
    void theDegreesTriedBoundTensorAndPipelineParallelism() throws IOException {
        List<Candidate> shipped = candidates(TestCatalog.shipped());
        assertEquals(16, largest(shipped, Candidate::getTp), "TP up to 16: two HGX H100 nodes within the 16-GPU budget");
        List<Candidate> small = candidates(edited("parallelDegrees: [1, 2, 4, 8, 16]", "parallelDegrees: [1, 2]"));
        assertEquals(2, largest(small, Candidate::getTp));
        assertEquals(2, largest(small, Candidate::getPp));
    }

    @Test
    void theMostPipelineStagesBoundsPp() throws IOException {
        assertTrue(largest(candidates(TestCatalog.shipped()), Candidate::getPp) > 2);
        assertEquals(2, largest(candidates(edited("maxPipelineStages: 8", "maxPipelineStages: 2")), Candidate::getPp));
    }

    @Test
    void aGpuWithoutAServerIsPlacedInAGenericBoxOfTheAssumedSize() throws IOException {
        Catalog shipped = TestCatalog.shipped();
        assertEquals(8, shipped.serverFor(shipped.gpu("a30-24g"), 16).gpus());
        assertEquals(2, shipped.serverFor(shipped.gpu("a30-24g"), 2).gpus(), "fewer than a box: a box of that many");
        Catalog four = edited("genericNodeGpus: 8", "genericNodeGpus: 4");
        assertEquals(4, four.serverFor(four.gpu("a30-24g"), 16).gpus());
    }

    @Test
    void degreesMustStartAtOneAndAscend() throws IOException {
        String first = assertThrows(BadInputException.class, () -> edited("parallelDegrees: [1, 2, 4, 8, 16]", "parallelDegrees: [2, 4]")).getMessage();
        assertTrue(first.contains("assumptions.yaml:") && first.contains("the first degree must be 1"), first);
        String order = assertThrows(BadInputException.class, () -> edited("parallelDegrees: [1, 2, 4, 8, 16]", "parallelDegrees: [1, 4, 2]")).getMessage();
        assertTrue(order.contains("degrees must be at least 1 and ascending, got 2 after [1, 4]"), order);
    }
}
