package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.catalog.Model;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on what a user typed that no one command owns: ranges of counts, the model's context, output paths. */
final class Limits {
    private Limits() {}

    /** {@code value} of option {@code name} must be at least {@code min}. */
    static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new BadInputException(name + " must be " + min + " or more, got " + value);
        }
    }

    /**
     * A sequence of {@code tokens} must fit the model's maximum context: beyond it is an error naming
     * the limit, unless the user says how the model is served beyond it ({@code extension}, e.g. "YaRN factor 4"), then a warning.
     */
    static void context(Model model, int tokens, String extension, PrintWriter err) {
        String beyond = model.beyondMaxContext(tokens);
        if (beyond == null) {
            return;
        }
        if (extension == null) {
            throw new BadInputException(beyond + ": " + Model.EXTEND_CONTEXT_HINT);
        }
        err.println("infera: warning: " + beyond + "; estimated as served with " + extension + " (extended context)");
        err.flush();
    }

    /** {@code file} (given as option {@code name}) can be written: not a folder, in a folder that exists and is writable. */
    static void writableFile(String name, Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(name + " " + file + " is a folder: name a file in it");
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new BadInputException(name + " " + file + ": folder " + folder + " does not exist");
        }
        if (!Files.isWritable(folder) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new BadInputException(name + " " + file + ": cannot write there (read-only)");
        }
    }
}
