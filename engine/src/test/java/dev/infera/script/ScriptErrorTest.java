package dev.infera.script;

import dev.infera.BadInputException;
import dev.infera.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad scripts stop with one line, script:line: message, pointing at the line to fix. */
class ScriptErrorTest {
    @TempDir
    Path dir;

    private String error(String text) {
        BadInputException e = assertThrows(BadInputException.class, () -> ScriptFixture.run(dir, "bad.groovy", text));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage().substring(dir.resolve("bad.groovy").toString().length());
    }

    @Test
    void syntaxErrorNamesItsLine() {
        String message = error("def pool = 1\nscenario {\n  model 'llama-3-70b\n}\n");
        assertTrue(message.startsWith(":3: Unexpected character"), message);
    }

    @Test
    void misspeltKeywordIsUnknownWithASuggestion() {
        assertEquals(":3: unknown keyword 'gpu' (did you mean gpus?)",
                error("scenario {\n  model 'llama-3-70b'\n  gpu 'h100-sxm-80g'\n}\n"));
    }

    @Test
    void unknownModelIsADidYouMean() {
        String message = error("def s = scenario {\n  model 'llama-3-70'\n}\n");
        assertTrue(message.startsWith(":2: unknown model 'llama-3-70' (did you mean "), message);
        assertTrue(message.contains("llama-3-70b"), message);
    }

    @Test
    void unknownGpuIsADidYouMean() {
        String message = error("scenario {\n  model 'llama-3-70b'\n  gpus 'h100'\n}\n");
        assertTrue(message.startsWith(":3: unknown gpu or server 'h100' (did you mean "), message);
    }

    @Test
    void aLoneNegativeValueIsExplainedNotCalledAnUnknownName() {
        // Groovy reads `context -4096` as `context - 4096`.
        String message = error("sweep {\n  model 'llama-3-70b'\n  context -4096\n}\n");
        assertTrue(message.startsWith(":3: 'context' has no value here; a value starting with a minus reads as a subtraction"), message);
    }

    @Test
    void impossibleSweepValueNamesItsLine() {
        assertEquals(":3: context must be >= 1, got -4096",
                error("sweep {\n  model 'llama-3-70b'\n  context 4096, -4096\n}\n"));
    }

    @Test
    void theCommandExitsTwoWithOneLineAndNoStackTrace() throws Exception {
        Path script = dir.resolve("typo.groovy");
        Files.writeString(script, "scenario {\n  model 'llama-3-70b'\n  gpu 'h100'\n}\n");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", script.toString(), "-q");
        assertEquals(2, code);
        assertEquals("infera: " + script + ":3: unknown keyword 'gpu' (did you mean gpus?)", err.toString().strip());
    }
}
