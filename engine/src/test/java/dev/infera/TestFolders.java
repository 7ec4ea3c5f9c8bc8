package dev.infera;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the shipped folders (catalog/, rules/) that a test may edit. */
public final class TestFolders {
    private TestFolders() {}

    /** Copies the regular files of {@code source} into {@code parent}/{source's name}. */
    public static Path copy(Path source, Path parent) throws IOException {
        Path target = parent.resolve(source.getFileName());
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }
}
