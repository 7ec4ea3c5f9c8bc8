package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.rules.RuleBase;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * {@code advise --watch}: re-runs the advice whenever a file under the rules or catalog folder
 * changes. Polls modification times every 500 ms (portable, no WatchService quirks on network or
 * container file systems). A change that does not load keeps the last good rule base and catalog.
 */
final class Watch {
    static final long POLL_MS = 500;

    private Watch() {}

    /**
     * What the loop does before each poll: sleep {@link #POLL_MS} in use. A test passes its own to step
     * the loop one poll at a time (editing files, checking what the last poll did) without sleeping.
     */
    @FunctionalInterface
    interface Pause {
        void await() throws InterruptedException;
    }

    static void loop(Path rulesFolder, Path catalogFolder, PrintWriter out, PrintWriter err, BiConsumer<Catalog, RuleBase> advise)
            throws InterruptedException {
        loop(rulesFolder, catalogFolder, out, err, advise, () -> Thread.sleep(POLL_MS));
    }

    /** As above, pausing with {@code pause} before each poll; returns or throws when the pause is interrupted. */
    static void loop(Path rulesFolder, Path catalogFolder, PrintWriter out, PrintWriter err, BiConsumer<Catalog, RuleBase> advise,
                     Pause pause) throws InterruptedException {
        // Stamped before the first load, as each reload is: an edit made while the folders load and
        // the advice runs is then seen at the next poll, not taken for part of what was loaded.
        long seen = stamp(List.of(rulesFolder, catalogFolder));
        Catalog catalog = Catalog.load(catalogFolder);
        RuleBase rules = RuleBase.load(rulesFolder);
        advise.accept(catalog, rules);
        while (!Thread.currentThread().isInterrupted()) {
            pause.await();
            long now = stamp(List.of(rulesFolder, catalogFolder));
            if (now == seen) {
                continue;
            }
            seen = now;
            out.println("\n--- change detected, re-running ---");
            try {
                Catalog newCatalog = Catalog.load(catalogFolder);
                RuleBase newRules = RuleBase.load(rulesFolder);
                catalog = newCatalog;
                rules = newRules;
            } catch (BadInputException e) {
                err.println("infera: " + e.getMessage());
                err.println("infera: keeping the last good rule base");
                err.flush();
                continue;
            }
            try {
                advise.accept(catalog, rules);
            } catch (BadInputException e) {
                err.println("infera: " + e.getMessage());
            }
            out.flush();
        }
    }

    /** A number that changes when any file under the folders is added, removed or modified. */
    static long stamp(List<Path> folders) {
        long hash = 17;
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    hash = hash * 31 + file.toString().hashCode();
                    hash = hash * 31 + Files.getLastModifiedTime(file).toMillis();
                    hash = hash * 31 + Files.size(file);
                }
            } catch (IOException e) {
                // A file removed mid-walk: the next poll sees the settled folder.
            }
        }
        return hash;
    }
}
