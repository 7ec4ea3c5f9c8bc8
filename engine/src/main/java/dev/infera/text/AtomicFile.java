package dev.infera.text;

import dev.infera.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file whole or not at all: to a temporary file beside it, then a rename over the target.
 * A failure leaves the old file untouched and no temporary file behind.
 */
public final class AtomicFile {
    private AtomicFile() {}

    public interface Body {
        void writeTo(Writer writer) throws IOException;
    }

    private interface Fill {
        void into(Path file, java.nio.file.OpenOption... options) throws IOException;
    }

    /** Text, UTF-8. */
    public static void write(Path target, Body body) {
        replace(target, (file, options) -> {
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, options)) {
                body.writeTo(writer);
            }
        });
    }

    public static void writeBytes(Path target, byte[] bytes) {
        replace(target, (file, options) -> Files.write(file, bytes, options));
    }

    private static void replace(Path target, Fill fill) {
        Path absolute = target.toAbsolutePath();
        if (isStream(absolute)) {
            // A device or pipe (-o /dev/stdout) holds no file to keep: renaming over it would replace the device node itself.
            // Appended, so a stream redirected into a file (> out.md, or >> after other output) keeps what is already there.
            try {
                fill.into(absolute, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new BadInputException("cannot write " + target + ": " + reason(e));
            }
            return;
        }
        if (Files.isSymbolicLink(absolute)) {
            // Replace the file the link names, not the link.
            try {
                absolute = absolute.toRealPath();
            } catch (IOException e) {
                // A dangling link: the rename below makes a file in its place, as writing through it would not; say so.
                throw new BadInputException("cannot write " + target + ": it is a link to nothing (" + reason(e) + "); nothing was written");
            }
        }
        Path temp = null;
        try {
            try {
                Files.createDirectories(absolute.getParent());
                temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
            } catch (IOException e) {
                // The place the user named cannot take a file (read-only, a pseudo file system, no such folder): their input.
                throw new BadInputException("cannot write " + target + ": " + reason(e) + " (nothing was written)");
            }
            readableByAll(temp);
            fill.into(temp);
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the target is already in place or untouched
                }
            }
        }
    }

    /** Whether {@code path} is (or links to) something other than a file or folder, or an open stream's name: a device, a pipe, /dev/stdout. */
    private static boolean isStream(Path path) {
        if (!Files.exists(path) || Files.isDirectory(path)) {
            return false;
        }
        // /dev/stdout, /dev/fd/N and /proc/self/fd/N name an open stream even when the shell points it at a regular file.
        return !Files.isRegularFile(path) || path.startsWith("/dev") || path.startsWith("/proc");
    }

    /** The cause in words: "permission denied" rather than an exception's class name. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "the folder does not accept new files";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Temporary files start as rw------- (createTempFile); the written file should read like any other (rw-r--r--). */
    private static void readableByAll(Path temp) throws IOException {
        if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
