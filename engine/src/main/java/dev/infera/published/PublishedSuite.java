package dev.infera.published;

import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.advice.ArchitectureLabel;
import dev.infera.advice.Recommendation;
import dev.infera.catalog.Catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs published deployments (scenarios/published/*.yaml) through the advisor and checks that its top
 * recommendation has every property the publication states. A case agrees when all hold.
 */
public final class PublishedSuite {
    private PublishedSuite() {}

    /** Every case in {@code folder}, by file name. */
    public static List<PublishedCase> load(Path folder, Catalog catalog) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted()
                    .map(f -> PublishedCase.read(f, catalog)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the advisor recommends for {@code c} and how it compares with the publication. */
    public record Result(PublishedCase publishedCase, Recommendation top, List<PropertyCheck> checks) {
        /** Agrees: there is a recommendation and it has every published property. */
        public boolean agrees() {
            return top != null && checks.stream().allMatch(PropertyCheck::holds);
        }

        public boolean diagnosed() {
            return publishedCase.published().diagnosis() != null;
        }

        /** One line: verdict, case, Infera's top recommendation, and each property as found. */
        public String line() {
            String verdict = agrees() ? (diagnosed() ? "AGREES (stale diagnosis)" : "agrees") : (diagnosed() ? "differs (diagnosed)" : "DIFFERS");
            String found = top == null ? "no viable configuration" : ArchitectureLabel.of(top.candidate());
            StringBuilder line = new StringBuilder(String.format("%-24s %-40s top: %s", verdict, publishedCase.id(), found));
            for (PropertyCheck check : checks) {
                line.append(check.holds() ? "; " : "; NOT ").append(check.shown());
            }
            return line.toString();
        }
    }

    public static Result evaluate(Advisor advisor, PublishedCase c) {
        Advice advice = advisor.advise(c.scenario(), new Advisor.Shown(1));
        Recommendation top = advice.winner();
        List<PropertyCheck> checks = top == null ? List.of()
                : c.published().expected().stream().map(e -> PropertyCheck.of(e, top.candidate())).toList();
        return new Result(c, top, checks);
    }

    /** "agreement: 20 of 24 cases (83.3 %)" */
    public static String agreement(List<Result> results) {
        long agreeing = results.stream().filter(Result::agrees).count();
        return String.format("agreement: %d of %d published deployments (%.1f %%)", agreeing, results.size(),
                results.isEmpty() ? 0.0 : 100.0 * agreeing / results.size());
    }
}
