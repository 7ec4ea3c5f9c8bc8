package dev.infera.cli;

import dev.infera.TestRules;
import dev.infera.BadInputException;
import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.catalog.Catalog;
import dev.infera.rules.RuleBase;
import dev.infera.ruletest.RuleCheck;
import dev.infera.ruletest.RuleTests;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped rules folder: its tests pass, cover every rule, its README matches the DSL; bad input is located. */
class RulesFolderTest {
    /** The repository root: the first folder up from the working directory that holds rules/ and catalog/. */
    static final Path ROOT = root(Path.of(System.getProperty("user.dir")).toAbsolutePath());
    static final Path RULES = ROOT.resolve("rules");
    static final Catalog CATALOG = Catalog.load(ROOT.resolve("catalog"));

    @TempDir
    Path temp;

    @Test
    void shippedRuleTestsPass() {
        StringWriter out = new StringWriter();
        int failed = RulesCommand.Test.run(RULES, TestRules.advisor(), new PrintWriter(out, true));
        assertEquals(0, failed, out.toString());
    }

    @Test
    void everyRuleIsNamedInSomeTestsFiresList() {
        RuleBase rules = TestRules.shipped();
        Set<String> names = new HashSet<>();
        rules.rules().forEach(r -> names.add(r.name()));
        Set<String> named = RuleTests.namedInFires(RuleTests.read(RuleTests.files(RULES), names, CATALOG));
        List<String> untested = rules.rules().stream().map(RuleBase.RuleInfo::name).filter(n -> !named.contains(n)).toList();
        assertTrue(untested.isEmpty(), "rules named in no rules/tests fires: list: " + untested);
    }

    @Test
    void mostRulesAreInTheDsl() {
        List<RuleBase.RuleInfo> rules = TestRules.shipped().rules();
        long dsl = rules.stream().filter(r -> r.file().endsWith(".dslr")).count();
        assertTrue(dsl * 2 > rules.size(), dsl + " of " + rules.size() + " rules in .dslr");
    }

    @Test
    void readmeVocabularyIsTheGeneratedOne() throws IOException {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "rules", "vocabulary", RULES.toString()));
        String readme = Files.readString(RULES.resolve("README.md"));
        String section = readme.substring(readme.indexOf("<!-- vocabulary:start -->") + "<!-- vocabulary:start -->".length(),
                readme.indexOf("<!-- vocabulary:end -->")).strip();
        assertEquals(out.toString().strip(), section, "rules/README.md vocabulary: regenerate with `infera rules vocabulary`");
    }

    @Test
    void aDslrLineMatchingNoPhraseIsAnErrorAtItsLine() throws IOException {
        Path rules = copy();
        Files.writeString(rules.resolve("extra.dslr"), "package dev.infera.rules;\nglobal dev.infera.rules.Findings findings;\n"
                + "rule \"x\"\nwhen\n    the candidate runs and fits\n    - is made of cheese\nthen\n    note on the candidate that \"x\"\nend\n");
        RuleBase.Compilation result = RuleBase.compile(rules);
        assertFalse(result.ok());
        assertTrue(result.errors().get(0).startsWith(rules.resolve("extra.dslr") + ":6: no when phrase"), result.errors().toString());
    }

    @Test
    void aCustomOperatorDroolsCannotRunIsAnErrorAtItsRuleNotAStackTraceLater() throws IOException {
        Path rules = copy();
        Path file = rules.resolve("extra.drl");
        writeRules(file, """
                rule "NVIDIA parts"
                when
                    $c : Candidate( supported, fits, shown, gpuName str[startsWith] "NVIDIA" )
                then
                    findings.note(kcontext, $c, "nvidia");
                end
                """);
        BadInputException e = assertThrows(BadInputException.class, () -> RuleBase.load(rules));
        assertTrue(e.getMessage().startsWith(file + ":6: rule 'NVIDIA parts': the custom operator 'str' fails"), e.getMessage());
    }

    @Test
    void aMalformedTableRowIsAnErrorAtTheRow() throws IOException {
        Path rules = copy();
        Path table = rules.resolve("thresholds.drl.csv");
        List<String> lines = Files.readAllLines(table);
        // Row 11 (agents) loses its TPOT cell: the generated rule then uses an undeclared variable.
        lines.set(10, lines.get(10).replace(",500,30,", ",500,,"));
        Files.write(table, lines);
        BadInputException e = assertThrows(BadInputException.class, () -> RuleBase.load(rules));
        assertTrue(e.getMessage().startsWith(table + ":11: "), e.getMessage());
    }

    @Test
    void aRuleTestNamingAnUnknownGpuIsAnErrorAtItsLine() throws IOException {
        Path rules = copy();
        Files.writeString(rules.resolve("tests/bad.yaml"), "- name: bad\n  scenario:\n    model: llama-3-8b\n    gpus: [h100-sxm-80g, h900]\n  fires: []\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> RuleTests.read(List.of(rules.resolve("tests/bad.yaml")), Set.of(), CATALOG));
        assertTrue(e.getMessage().startsWith(rules.resolve("tests/bad.yaml") + ":4: "), e.getMessage());
        Files.writeString(rules.resolve("tests/bad.yaml"), "- name: bad\n  scenario:\n    model: llama-9\n  fires: []\n");
        e = assertThrows(BadInputException.class, () -> RuleTests.read(List.of(rules.resolve("tests/bad.yaml")), Set.of(), CATALOG));
        assertTrue(e.getMessage().startsWith(rules.resolve("tests/bad.yaml") + ":3: "), e.getMessage());
    }

    @Test
    void aRuleThatNeverTerminatesIsStoppedAndNamed() throws IOException {
        Path rules = copy();
        Files.writeString(rules.resolve("loop.drl"), "package dev.infera.rules;\nimport dev.infera.workload.Workload;\n"
                + "declare Counter\n    n : int\nend\n"
                + "rule \"Start counting\"\nwhen\n    Workload()\nthen\n    insert(new Counter(0));\nend\n"
                + "rule \"Loops forever\"\nwhen\n    $c : Counter(n >= 0)\nthen\n    modify($c) { setN($c.getN() + 1) }\nend\n");
        Advisor advisor = new Advisor(CATALOG, RuleBase.load(rules));
        BadInputException e = assertThrows(BadInputException.class,
                () -> advisor.advise(new ScenarioBuilder().model("llama-3-8b").gpus(List.of("h100-sxm-80g")).build()));
        assertTrue(e.getMessage().contains("did not terminate") && e.getMessage().contains("Loops forever"), e.getMessage());
    }

    /**
     * Done when: an architect adds a DSL heuristic, checks it, tests it and sees the ranking move,
     * with no Java: only files in a copy of the rules folder change.
     */
    @Test
    void anArchitectAddsADslHeuristicWithoutJava() throws IOException {
        Path rules = copy();
        // Long generations (reasoning): a short prompt, 32k tokens out, 32 users: the KV cache fills memory. Paged, a sequence
        // holds 1024 + 32768 / 2 tokens on average: what 16k out held when KV reserved whole sequences (this test's earlier scenario).
        var scenario = new ScenarioBuilder().model("llama-3.1-70b").kind("chat").inputTokens(1024).outputTokens(32768).users(32)
                .gpus(List.of("h100-sxm-80g", "h200-sxm-141g")).build();
        RuleTests.Filter h200 = new RuleTests.Filter(java.util.Map.of("gpu", "h200-sxm-141g"));
        RuleTests.Filter h100 = new RuleTests.Filter(java.util.Map.of("gpu", "h100-sxm-80g"));
        int before = rankedAhead(new Advisor(CATALOG, RuleBase.load(rules)).advise(scenario), h200, h100);

        Files.writeString(rules.resolve("memory.dslr"), """
                package dev.infera.rules;
                import dev.infera.plan.Candidate;
                import dev.infera.workload.ScenarioKind;
                global dev.infera.rules.Findings findings;

                rule "Prefer H200 over H100 when KV cache exceeds half the memory"
                    @description("The H200's 141 GB hold the KV cache the H100's 80 GB cannot")
                when
                    the candidate runs and fits
                    - runs on h200-sxm-141g
                    - has a KV cache over 50 % of memory
                then
                    prefer the candidate by 30 because "KV cache is {kvShare*100:%.0f} % of memory: the H200 has room for it"
                end
                """);
        Files.writeString(rules.resolve("tests/memory.yaml"), """
                - name: Long generations prefer the H200
                  scenario:
                    model: llama-3.1-70b
                    scenario: chat
                    input: 1024
                    output: 32768
                    users: 32
                    gpus: [h100-sxm-80g, h200-sxm-141g]
                  fires:
                    - {rule: Prefer H200 over H100 when KV cache exceeds half the memory, on: {gpu: h200-sxm-141g}}
                  doesNotFire:
                    - {rule: Prefer H200 over H100 when KV cache exceeds half the memory, on: {gpu: h100-sxm-80g}}
                """);
        RuleCheck.Report report = RuleCheck.check(rules, CATALOG);
        assertEquals(List.of(), report.errors());
        assertTrue(report.warnings().stream().noneMatch(w -> w.contains("memory.")), report.warnings().toString());

        StringWriter out = new StringWriter();
        RuleBase changed = RuleBase.load(rules);
        assertEquals(0, RulesCommand.Test.run(rules, new Advisor(CATALOG, changed), new PrintWriter(out, true)), out.toString());
        int after = rankedAhead(new Advisor(CATALOG, changed).advise(scenario), h200, h100);
        assertTrue(after > before, "H200 entries ranked above the best H100: " + before + " -> " + after);
    }

    @Test
    void aThresholdsTableWithoutTheScenariosRowStopsTheAdviceAndSaysWhy() throws IOException {
        Path rules = copy();
        Path table = rules.resolve("thresholds.drl.csv");
        Files.write(table, Files.readAllLines(table).stream().filter(line -> !line.contains(",RAG,")).toList());
        var rag = new ScenarioBuilder().model("llama-3-8b").kind("rag").context(8192).users(4).gpus(List.of("l40s-48g")).build();
        BadInputException e = assertThrows(BadInputException.class, () -> new Advisor(CATALOG, RuleBase.load(rules)).advise(rag));
        assertEquals(rules + ": no rule set the thresholds for scenario kind 'rag' (thresholds table missing a row?)", e.getMessage());
    }

    @Test
    void noShippedRuleJoinsAScenarioFactWithTheCandidates() {
        assertEquals(List.of(), TestRules.shipped().scenarioJoins());
    }

    /** A scenario line above the candidate still works, but costs a join per candidate: check says where and what to write. */
    @Test
    void aRuleJoiningTheWorkloadWithEveryCandidateIsWarnedAtItsLine() throws IOException {
        Path rules = copy();
        Path file = rules.resolve("latency.dslr");
        writeRules(file, """
                rule "Pipeline stages cost interactive users"
                when
                    the workload is interactive
                    the candidate runs and fits
                    - uses pipeline parallelism
                then
                    penalise the candidate by 1 because "PP={pp}"
                end
                """);
        RuleCheck.Report report = RuleCheck.check(rules, CATALOG);
        assertEquals(List.of(), report.errors());
        List<String> joins = report.warnings().stream().filter(w -> w.contains("joins a workload")).toList();
        assertEquals(1, joins.size(), report.warnings().toString());
        assertTrue(joins.get(0).startsWith(file + ":6: rule 'Pipeline stages cost interactive users'"), joins.get(0));
        assertTrue(joins.get(0).contains("'- serves interactive work'"), joins.get(0));
    }

    @Test
    void everyShippedRuleThatOnlyExplainsRunsForTheShownCandidates() {
        RuleBase rules = TestRules.shipped();
        assertEquals(List.of(), RuleCheck.explainingEveryCandidate(RULES, rules));
        assertTrue(rules.shownOnly().contains("Decode is memory-bandwidth bound at small batch"), rules.shownOnly().toString());
    }

    /** A note about every candidate is right, but a sweep pays for it on candidates nobody reads: check says where. */
    @Test
    void aNoteOnEveryCandidateIsWarnedAtItsLine() throws IOException {
        Path rules = copy();
        Path file = rules.resolve("notes.dslr");
        writeRules(file, """
                rule "Pipeline stages are worth a word"
                when
                    the candidate runs and fits
                    - uses pipeline parallelism
                then
                    note on the candidate that "PP={pp}"
                end
                """);
        List<String> warnings = RuleCheck.check(rules, CATALOG).warnings().stream().filter(w -> w.contains("only explains")).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith(file + ":6: rule 'Pipeline stages are worth a word'"), warnings.get(0));
        assertTrue(warnings.get(0).contains("'the shown candidate runs and fits'"), warnings.get(0));
    }

    /** Scoring only the shown rows would rank a sweep's rows on different terms from the rest: the advice stops. */
    @Test
    void aRuleThatScoresOnlyTheShownCandidatesStopsTheAdviceAtItsLine() throws IOException {
        Path rules = copy();
        Path file = rules.resolve("shown.dslr");
        writeRules(file, """
                rule "Tensor parallelism costs a point"
                when
                    the shown candidate runs and fits
                    - uses tensor parallelism
                then
                    penalise the candidate by 1 because "TP={tp}"
                end
                """);
        var scenario = new ScenarioBuilder().model("llama-3-70b").gpus(List.of("l40s-48g")).build();
        BadInputException e = assertThrows(BadInputException.class, () -> new Advisor(CATALOG, RuleBase.load(rules)).advise(scenario));
        String error = file + ":6: rule 'Tensor parallelism costs a point' scores a candidate but runs only for shown ones";
        assertTrue(e.getMessage().startsWith(error), e.getMessage());
        // A sweep, which explains only its top rows, stops on it too rather than writing rows ranked half-judged.
        Path script = temp.resolve("sweep.groovy");
        Files.writeString(script, "advise sweep {\n  model 'llama-3-70b'\n  hardware 'l40s-48g'\n  context 4096, 8192\n}\n");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", script.toString(), "-q",
                "--rules", rules.toString(), "--catalog", ROOT.resolve("catalog").toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains(error), err.toString());
    }

    /** A .dslr file of {@code rules} under the package, imports and global every rule file starts with (4 lines and a blank). */
    private static void writeRules(Path file, String rules) throws IOException {
        Files.writeString(file, """
                package dev.infera.rules;
                import dev.infera.plan.Candidate;
                import dev.infera.workload.Workload;
                global dev.infera.rules.Findings findings;

                """ + rules);
    }

    private static Path root(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("rules")) && Files.isDirectory(p.resolve("catalog"))) {
                return p;
            }
        }
        throw new IllegalStateException("no rules/ and catalog/ above " + dir);
    }

    /** How many entries matching {@code ahead} rank above the best one matching {@code behind}. */
    private static int rankedAhead(Advice advice, RuleTests.Filter ahead, RuleTests.Filter behind) {
        int best = bestRank(advice, behind);
        return (int) advice.ranked().stream().filter(r -> ahead.matches(r.candidate()) && r.rank() < best).count();
    }

    private static int bestRank(Advice advice, RuleTests.Filter filter) {
        return advice.ranked().stream().filter(r -> filter.matches(r.candidate())).mapToInt(r -> r.rank()).min().orElse(Integer.MAX_VALUE);
    }

    private Path copy() throws IOException {
        Path target = temp.resolve("rules");
        try (Stream<Path> files = Files.walk(RULES)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(RULES.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return target;
    }
}
