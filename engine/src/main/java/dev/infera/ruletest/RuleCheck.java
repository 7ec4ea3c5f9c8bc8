package dev.infera.ruletest;

import dev.infera.rules.RuleBase;
import dev.infera.rules.Vocabulary;
import dev.infera.rules.DecisionTables;

import dev.infera.BadInputException;
import dev.infera.advice.Advisor;
import dev.infera.catalog.Catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * `infera rules check`: everything that can be wrong with a rules folder before anyone relies on
 * it. Errors stop the folder loading; warnings are what Drools accepts silently: duplicate rule
 * names, phrases no rule uses, files the loader skips, rules no shipped scenario makes fire,
 * rules that join a scenario fact with every candidate and rules that explain every candidate
 * rather than the shown ones (both slow in sweeps).
 */
public final class RuleCheck {
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"");

    public record Report(List<String> errors, List<String> warnings, int rules) {
        public boolean clean() {
            return errors.isEmpty() && warnings.isEmpty();
        }
    }

    private RuleCheck() {}

    public static Report check(Path folder, Catalog catalog) {
        RuleBase.Compilation compilation = RuleBase.compile(folder);
        List<String> warnings = new ArrayList<>(compilation.warnings());
        List<Path> files = RuleBase.ruleFiles(folder);
        // What the files themselves show is worth saying even when the folder does not compile.
        warnings.addAll(duplicates(files));
        warnings.addAll(skipped(folder));
        if (!compilation.ok()) {
            return new Report(compilation.errors(), warnings, 0);
        }
        RuleBase rules = compilation.ruleBase();
        Vocabulary vocabulary = Vocabulary.of(files.stream().filter(f -> name(f).endsWith(".dsl")).toList());
        Set<Vocabulary.Phrase> used = new HashSet<>();
        files.stream().filter(f -> name(f).endsWith(".dslr")).forEach(f -> vocabulary.errors(f, used));
        for (Vocabulary.Phrase phrase : vocabulary.unused(used)) {
            warnings.add(phrase.file() + ":" + phrase.line() + ": no rule uses the phrase '" + phrase.text() + "'");
        }
        for (RuleBase.RuleInfo join : rules.scenarioJoins()) {
            warnings.add(RuleBase.where(folder, join) + ": rule '" + join.name() + "' joins a workload, constraints or thresholds"
                    + " line with the candidate: Drools then puts every candidate in a join memory; say it under the candidate"
                    + " instead ('- serves interactive work', '- misses the TTFT target'), a test per candidate");
        }
        for (RuleBase.RuleInfo rule : explainingEveryCandidate(folder, rules)) {
            warnings.add(RuleBase.where(folder, rule) + ": rule '" + rule.name() + "' only explains (note, warn) but runs for every candidate:"
                    + " start it with 'the shown candidate runs and fits' (in DRL, add 'shown' to its Candidate pattern) so that"
                    + " it runs for the rows a reader sees, not for every candidate a sweep ranks");
        }
        List<String> errors = new ArrayList<>();
        try {
            Set<String> names = new HashSet<>();
            rules.rules().forEach(r -> names.add(r.name()));
            List<RuleTests.Case> cases = RuleTests.read(RuleTests.files(folder), names, catalog);
            Advisor advisor = new Advisor(catalog, rules);
            Set<String> fired = new HashSet<>();
            for (RuleTests.Case testCase : cases) {
                fired.addAll(RuleTests.run(testCase, advisor).fired());
            }
            Set<String> tested = RuleTests.namedInFires(cases);
            for (RuleBase.RuleInfo rule : rules.rules()) {
                if (!fired.contains(rule.name())) {
                    warnings.add(RuleBase.where(folder, rule) + ": rule '" + rule.name() + "' fires on none of the scenarios in "
                            + folder.resolve("tests"));
                } else if (!tested.contains(rule.name())) {
                    warnings.add(RuleBase.where(folder, rule) + ": rule '" + rule.name() + "' is named in no test's fires: list");
                }
            }
        } catch (BadInputException e) {
            errors.add(e.getMessage());
        }
        return new Report(errors, warnings, rules.rules().size());
    }

    private static final Pattern EXPLAINS = Pattern.compile("(note on|warn about) the candidate|findings\\.(note|warn)\\(");
    private static final Pattern JUDGES = Pattern.compile("\\b(penalise|prefer|reject)\\b");

    /**
     * Rules whose actions only note or warn about a candidate yet do not test {@code shown}: they
     * are right, but a sweep pays for them on every candidate it ranks and reads them on a few.
     */
    public static List<RuleBase.RuleInfo> explainingEveryCandidate(Path folder, RuleBase rules) {
        Map<String, String> consequences = new LinkedHashMap<>();
        for (Path file : RuleBase.ruleFiles(folder)) {
            if (name(file).endsWith(".drl") || name(file).endsWith(".dslr")) {
                consequences.putAll(consequences(file));
            }
        }
        List<RuleBase.RuleInfo> found = new ArrayList<>();
        for (RuleBase.RuleInfo rule : rules.rules()) {
            String then = consequences.get(rule.name());
            if (then != null && EXPLAINS.matcher(then).find() && !JUDGES.matcher(then).find() && !rules.shownOnly().contains(rule.name())) {
                found.add(rule);
            }
        }
        return found;
    }

    /** Each rule of {@code file} by name, with the text between its {@code then} and {@code end} lines. */
    private static Map<String, String> consequences(Path file) {
        Map<String, String> consequences = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        String rule = null;
        StringBuilder then = null;
        for (String line : lines) {
            Matcher m = RULE.matcher(line);
            if (m.find()) {
                rule = m.group(1);
                then = null;
            } else if (rule != null && line.trim().equals("then")) {
                then = new StringBuilder();
            } else if (rule != null && line.trim().equals("end")) {
                consequences.put(rule, then == null ? "" : then.toString());
                rule = null;
                then = null;
            } else if (then != null) {
                then.append(line).append('\n');
            }
        }
        return consequences;
    }

    /** Drools keeps one of two same-named rules in a package and says nothing an architect would see. */
    static List<String> duplicates(List<Path> files) {
        Map<String, String> first = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Path file : files) {
            String lower = name(file);
            List<String> lines;
            try {
                if (DecisionTables.isTable(lower)) {
                    lines = List.of(DecisionTables.drl(file, Files.readAllBytes(file)).split("\n"));
                } else if (lower.endsWith(".drl") || lower.endsWith(".dslr")) {
                    lines = Files.readAllLines(file);
                } else {
                    continue;
                }
            } catch (IOException e) {
                throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
            }
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = RULE.matcher(lines.get(i));
                if (m.find()) {
                    String where = DecisionTables.isTable(lower) ? file + ":" + DecisionTables.rowOf(String.join("\n", lines), i + 2) : file + ":" + (i + 1);
                    String earlier = first.putIfAbsent(m.group(1), where);
                    if (earlier != null) {
                        warnings.add(where + ": duplicate rule name '" + m.group(1) + "' (also at " + earlier + "); Drools keeps only one");
                    }
                }
            }
        }
        return warnings;
    }

    /** Files in the folder the loader passes over without a word, such as a table not named *.drl.csv. */
    static List<String> skipped(Path folder) {
        try (Stream<Path> stream = Files.list(folder)) {
            return stream.filter(Files::isRegularFile)
                    .filter(f -> !RuleBase.isRuleFile(name(f)) && !name(f).endsWith(".md"))
                    .sorted()
                    .map(f -> f + ": not loaded: the loader reads only .drl, .dsl, .dslr and decision tables named *.drl.csv, *.drl.xls, *.drl.xlsx")
                    .toList();
        } catch (IOException e) {
            throw new BadInputException(folder + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static String name(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}
