package dev.infera.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void writesTheFormatTheFileNameImplies(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("advice.md");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = run(out, err, "report", "-f", "scenarios/llama-3-70b-chat.yaml", "-o", md.toString());
        assertEquals(Main.OK, code, err.toString());
        assertTrue(Files.readString(md).contains("## 1. Summary"));
        assertTrue(out.toString().startsWith("wrote " + md));
    }

    @Test
    void unknownFormatIsAOneLineInputErrorAndWritesNothing(@TempDir Path dir) {
        Path target = dir.resolve("advice.docx");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = run(out, err, "report", "--model", "llama-3-70b", "-o", target.toString());
        assertEquals(Main.BAD_INPUT, code);
        assertEquals("infera: unknown report format 'docx': use md, html or pdf", err.toString().strip());
        assertFalse(Files.exists(target));
    }

    @Test
    void aScenarioServedBeyondTheModelsContextSaysHowInTheWarningAndTheReport(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("long.yaml");
        Files.writeString(scenario, "model: llama-3-70b\ncontext: 32768\nextendContext: YaRN factor 4\n");
        Path md = dir.resolve("long.md");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = run(out, err, "report", "-f", scenario.toString(), "--gpus", "h100-sxm-80g", "-o", md.toString());
        assertEquals(Main.OK, code, err.toString());
        assertTrue(err.toString().contains("warning: a context of 32768 tokens is beyond llama-3-70b's maximum context of 8192 tokens"
                + " (maxContext in the catalog); estimated as served with YaRN factor 4"), err.toString());
        assertTrue(Files.readString(md).contains("8192 tokens; this scenario's 32768 tokens are served beyond it with YaRN factor 4"));
    }
}
