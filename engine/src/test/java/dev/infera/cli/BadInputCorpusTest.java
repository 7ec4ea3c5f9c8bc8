package dev.infera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input corpus (engine/src/test/resources/bad-input/*.yaml): every case is a command a user
 * might type with a mistake in it. Each must end with its exit code and a message matching its
 * pattern, without a stack trace, and leave every file that existed before it byte for byte as it was:
 * the case's own folder and the shipped catalog, rules, scenarios, scripts and report templates.
 *
 * <p>A case: {@code name}, {@code args} ({dir} is the case's folder), {@code exit}, {@code message}
 * (a regex found in what it printed), and optionally {@code copy} (shipped folders copied into {dir}),
 * {@code files} (path: text, written under {dir}) and {@code edits} ({file, replace, with}: one exact
 * replacement in a copied or written file; a replacement that no longer matches fails the case).
 */
class BadInputCorpusTest {
    private static final Path CORPUS = Path.of("engine/src/test/resources/bad-input");
    private static final List<Path> SHIPPED = List.of(Path.of("catalog"), Path.of("rules"), Path.of("scenarios"), Path.of("scripts"), Path.of("report"));

    @TempDir
    Path dir;

    static Stream<Named<JsonNode>> cases() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Named<JsonNode>> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode c : yaml.readTree(file.toFile())) {
                    all.add(Named.of(file.getFileName() + ": " + c.get("name").asText(), c));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputStopsWithItsMessageAndLosesNothing(JsonNode c) throws IOException {
        prepare(c);
        Map<Path, String> before = fingerprints();

        List<String> args = new ArrayList<>();
        c.get("args").forEach(a -> args.add(a.asText().replace("{dir}", dir.toString())));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        String printed = err + "\n" + out;

        assertEquals(c.get("exit").asInt(), code, printed);
        String message = c.get("message").asText().replace("{dir}", Pattern.quote(dir.toString()));
        assertTrue(Pattern.compile(message).matcher(printed).find(), "expected /" + message + "/ in:\n" + printed);
        assertFalse(printed.contains("\tat "), "a stack trace:\n" + printed);
        Map<Path, String> after = fingerprints();
        before.forEach((file, hash) -> assertEquals(hash, after.get(file), file + " changed or went missing"));
    }

    private void prepare(JsonNode c) throws IOException {
        for (JsonNode folder : c.path("copy")) {
            copyTree(Path.of(folder.asText()), dir.resolve(folder.asText()));
        }
        var fields = c.path("files").fields();
        while (fields.hasNext()) {
            var file = fields.next();
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue().asText());
        }
        for (JsonNode edit : c.path("edits")) {
            Path target = dir.resolve(edit.get("file").asText());
            String text = Files.readString(target);
            String old = edit.get("replace").asText();
            int at = text.indexOf(old);
            assertTrue(at >= 0 && text.indexOf(old, at + 1) < 0, "the edit's text occurs exactly once in " + target + ": " + old);
            Files.writeString(target, text.substring(0, at) + edit.get("with").asText() + text.substring(at + old.length()));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** SHA-256 of every file in the case's folder and the shipped folders. */
    private Map<Path, String> fingerprints() throws IOException {
        Map<Path, String> hashes = new TreeMap<>();
        List<Path> roots = new ArrayList<>(SHIPPED);
        roots.add(dir);
        for (Path root : roots) {
            try (Stream<Path> all = Files.walk(root)) {
                all.filter(Files::isRegularFile).forEach(f -> hashes.put(f.toAbsolutePath(), sha256(f)));
            }
        }
        return hashes;
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
