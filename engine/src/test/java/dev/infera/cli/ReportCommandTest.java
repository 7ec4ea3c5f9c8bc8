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
}
