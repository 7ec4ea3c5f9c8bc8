package dev.infera.script;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** `report` in a script writes the same advisory report as `infera report`. */
class ScriptReportTest {
    @TempDir
    Path temp;

    @Test
    void aScriptWritesAMarkdownReportOfItsScenario() throws IOException {
        Path out = temp.resolve("advice.md");
        ScriptFixture.run(temp, "report.groovy", """
                def chat = scenario {
                    model 'llama-3-8b'
                    chat users: 4, context: 4096
                    gpus 'l40s-48g', 'h100-sxm-80g'
                }
                report chat, '%s'
                """.formatted(out.toString().replace("\\\\", "/")));
        String markdown = Files.readString(out);
        assertTrue(markdown.startsWith("# Inference deployment advice: Meta-Llama-3-8B"), markdown.substring(0, 80));
        assertTrue(markdown.contains("## 1. Summary"), "the report's sections are there");
    }
}
