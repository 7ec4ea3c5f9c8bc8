package dev.infera.script;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infera.BadInputException;
import dev.infera.text.AtomicFile;
import dev.infera.text.Csv;
import dev.infera.text.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where sweep rows stream to: CSV or JSON lines, chosen by the file's extension. A case's rows go
 * out in one write and one flush under a lock, so a killed sweep leaves whole lines and whole cases;
 * {@link #resume} drops whatever a kill cut short and reports the cases already done.
 */
public final class SweepOutput implements AutoCloseable {
    public enum Format { CSV, JSONL }

    private final Path file;
    private final Format format;
    private final OutputStream out;
    private boolean closed;

    // A fresh sweep streams to this file beside the target and moves it over the target when it ends
    // (finished or interrupted): a sweep that fails leaves an existing target byte for byte as it was.
    private final Path partial;

    private SweepOutput(Path file, Format format, OutputStream out, Path partial) {
        this.file = file;
        this.format = format;
        this.out = out;
        this.partial = partial;
    }

    public static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".csv")) return Format.CSV;
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) return Format.JSONL;
        throw new BadInputException(file + ": sweep output must end in .csv or .jsonl");
    }

    /**
     * A fresh file, header written, streamed beside {@code file} until {@link #close}: then it replaces
     * any old one; {@link #discard} (the sweep failed) leaves the old one untouched.
     */
    public static SweepOutput create(Path file) {
        Format format = formatOf(file);
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + ": is a folder; name a sweep file (.csv or .jsonl)");
        }
        Path partial = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".partial");
        try {
            OutputStream stream = Files.newOutputStream(partial);
            if (format == Format.CSV) {
                stream.write((Csv.line(SweepRows.COLUMNS) + "\n").getBytes(StandardCharsets.UTF_8));
                stream.flush();
            }
            return new SweepOutput(file, format, stream, partial);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** A row as read back: its cells, and its line as written (kept verbatim when a resume rewrites the file). */
    public record Line(List<String> cells, String text) {}

    /** Rows already in {@code file}, complete cases only, grouped by key. The file is rewritten to hold just those. */
    public static Map<String, List<Line>> resume(Path file) {
        Format format = formatOf(file);
        Map<String, List<Line>> done = read(file);
        done.values().removeIf(rows -> rows.size() != Integer.parseInt(rows.get(0).cells().get(SweepRows.column("of"))));
        AtomicFile.write(file, w -> {
            if (format == Format.CSV) {
                w.write(Csv.line(SweepRows.COLUMNS) + "\n");
            }
            for (List<Line> rows : done.values()) {
                for (Line row : rows) {
                    w.write(row.text() + "\n");
                }
            }
        });
        return done;
    }

    public static SweepOutput append(Path file, Format format) {
        try {
            return new SweepOutput(file, format, Files.newOutputStream(file, StandardOpenOption.APPEND), null);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** All complete lines of a sweep file (a last line without its newline was cut by a kill and is ignored). */
    public static Map<String, List<Line>> read(Path file) {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        Format format = formatOf(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        Map<String, List<Line>> byKey = new LinkedHashMap<>();
        String[] lines = text.substring(0, text.lastIndexOf('\n') + 1).split("\n");
        for (int n = 0; n < lines.length; n++) {
            if (lines[n].isBlank() || (format == Format.CSV && n == 0)) {
                continue;
            }
            List<String> row = format == Format.CSV ? Csv.parse(lines[n]) : fromJson(file, n + 1, lines[n]);
            if (row.size() != SweepRows.COLUMNS.size()) {
                throw BadInputException.at(file.toString(), n + 1, "not a sweep row (" + row.size() + " columns, expected "
                        + SweepRows.COLUMNS.size() + "); write to a new file or remove --resume");
            }
            byKey.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(new Line(row, lines[n]));
        }
        return byKey;
    }

    private static List<String> fromJson(Path file, int line, String text) {
        try {
            JsonNode node = Json.mapper().readTree(text);
            List<String> row = new ArrayList<>();
            for (String column : SweepRows.COLUMNS) {
                JsonNode cell = node.get(column);
                row.add(cell == null || cell.isNull() ? "" : cell.asText());
            }
            return row;
        } catch (IOException e) {
            throw BadInputException.at(file.toString(), line, "not a JSON line: " + e.getMessage());
        }
    }

    /** Writes one case's rows whole; after {@link #close} (Ctrl-C) further rows are dropped, not half-written. */
    public void write(List<? extends List<?>> rows) {
        // Formatted outside the lock, so that workers only queue for the write itself.
        StringBuilder block = new StringBuilder();
        for (List<?> row : rows) {
            block.append(line(format, row));
        }
        byte[] bytes = block.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String line(Format format, List<?> row) {
        if (format == Format.CSV) {
            return Csv.line(row) + "\n";
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            Object cell = row.get(i);
            object.put(SweepRows.COLUMNS.get(i), cell instanceof String s && s.isEmpty() ? null : cell);
        }
        return Json.line(object) + "\n";
    }

    public Path file() {
        return file;
    }

    /** Closes the output; a fresh sweep's rows (finished, or whole cases up to an interrupt) then replace the target. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                out.close();
                if (partial != null) {
                    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The sweep failed: a fresh sweep's rows are dropped and the target stays as it was (--resume appends, so keeps them). */
    public synchronized void discard() {
        if (!closed) {
            closed = true;
            try {
                out.close();
                if (partial != null) {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
