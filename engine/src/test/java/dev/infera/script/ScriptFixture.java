package dev.infera.script;

import dev.infera.TestRules;
import dev.infera.advice.Advisor;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One Advisor for all script tests (compiling the rules once), and a way to run script text. */
final class ScriptFixture {
    static final Advisor ADVISOR = TestRules.advisor();

    private ScriptFixture() {}

    static ScriptContext context(Path out, boolean resume, StringWriter stdout) {
        return new ScriptContext(ADVISOR, new PrintWriter(stdout, true), new PrintStream(OutputStream.nullOutputStream()),
                out, resume, true, 2, 20);
    }

    static Object run(Path dir, String name, String text) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, text);
        return ScriptRunner.run(script, List.of(), context(null, false, new StringWriter()));
    }
}
