package dev.infera.text;

import dev.infera.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Whole or nothing for files; straight through for streams; links keep pointing where they did. */
class AtomicFileTest {
    @TempDir
    Path temp;

    @Test
    void aFileIsReplacedWhole() throws IOException {
        Path file = temp.resolve("out.md");
        Files.writeString(file, "old");
        AtomicFile.writeBytes(file, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(file));
        try (var left = Files.list(temp)) {
            assertEquals(1, left.count(), "no temporary file stays behind");
        }
    }

    @Test
    void writingThroughALinkReplacesTheLinkedFileAndKeepsTheLink() throws IOException {
        Path real = temp.resolve("real.md");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(temp.resolve("link.md"), real);
        AtomicFile.writeBytes(link, "new".getBytes(StandardCharsets.UTF_8));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
    }

    @Test
    void aDanglingLinkIsBadInputAndNothingIsWritten() throws IOException {
        Path link = Files.createSymbolicLink(temp.resolve("link.md"), temp.resolve("missing/real.md"));
        BadInputException e = assertThrows(BadInputException.class, () -> AtomicFile.writeBytes(link, new byte[] {1}));
        assertTrue(e.getMessage().contains("link to nothing"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        assertFalse(Files.exists(temp.resolve("missing")));
    }

    @Test
    void aPipeIsWrittenIntoNotRenamedOver() throws Exception {
        Path fifo = temp.resolve("pipe");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        assumeTrue(made, "mkfifo is not available here");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        AtomicFile.writeBytes(fifo, "through the pipe".getBytes(StandardCharsets.UTF_8));
        assertEquals("through the pipe", reader.get(10, TimeUnit.SECONDS));
        assertFalse(Files.isRegularFile(fifo), "the pipe is still a pipe, not a file renamed over it");
    }
}
