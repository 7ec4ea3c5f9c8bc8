package dev.infera.script;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The shipped example scripts run (the fast ones; the 10k sweep is measured by hand). */
class ScriptExamplesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "scripts/{0} runs")
    @ValueSource(strings = {"source_examples.groovy", "shootout_70b.groovy", "tp_over_pcie.groovy", "offline_deadline.groovy", "rate_sweep.groovy"})
    void runs(String name) {
        StringWriter out = new StringWriter();
        Path rows = dir.resolve("rows.csv");
        ScriptRunner.run(Path.of("scripts", name), List.of(), ScriptFixture.context(rows, false, out));
        assertFalse(out.toString().isBlank());
    }
}
