package dev.infera.rules;

import dev.infera.TestRules;
import dev.infera.advice.ArchitectureLabel;
import dev.infera.ruletest.RuleCheck;

import dev.infera.TestCatalog;
import dev.infera.TestFolders;
import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.text.Csv;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loader reads the thresholds table from a spreadsheet as from CSV, and `rules check` warns about what Drools would accept silently. */
class RuleFolderFormatsTest {
    @TempDir
    Path temp;

    private static Scenario chat() {
        return new ScenarioBuilder().model("llama-3-70b").kind("chat").context(4096).users(8)
                .gpus(List.of("h100-sxm-80g", "a100-sxm-80g", "l40s-48g")).build();
    }

    @Test
    void theThresholdsTableReadsTheSameFromXlsxAsFromCsv() throws IOException {
        Path rules = TestFolders.copy(Path.of("rules"), temp);
        Path csv = rules.resolve("thresholds.drl.csv");
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(rules.resolve("thresholds.drl.xlsx"))) {
            Sheet sheet = book.createSheet("Thresholds");
            List<String> lines = Files.readAllLines(csv);
            for (int r = 0; r < lines.size(); r++) {
                Row row = sheet.createRow(r);
                List<String> cells = Csv.parse(lines.get(r));
                for (int c = 0; c < cells.size(); c++) {
                    if (!cells.get(c).isEmpty()) {
                        row.createCell(c).setCellValue(cells.get(c));
                    }
                }
            }
            book.write(out);
        }
        Files.delete(csv);

        Advice fromXlsx = new Advisor(TestCatalog.shipped(), RuleBase.load(rules)).advise(chat());
        Advice fromCsv = TestRules.advisor().advise(chat());
        assertEquals(fromCsv.ranked().size(), fromXlsx.ranked().size());
        assertEquals(ArchitectureLabel.of(fromCsv.winner().candidate()), ArchitectureLabel.of(fromXlsx.winner().candidate()));
        assertEquals(fromCsv.winner().score(), fromXlsx.winner().score(), 1e-9);
    }

    @Test
    void aDuplicateRuleNameIsAnErrorAndAFileTheLoaderSkipsAWarning() throws IOException {
        Path rules = TestFolders.copy(Path.of("rules"), temp);
        Files.writeString(rules.resolve("copy.drl"), """
                package dev.infera.rules;
                import dev.infera.plan.Candidate;
                global dev.infera.rules.Findings findings;
                rule "Avoid tensor parallelism without NVLink"
                when
                    $c : Candidate( tp > 1 )
                then
                end
                """);
        Files.writeString(rules.resolve("sla.csv"), "RuleSet,dev.infera.rules\n");
        RuleCheck.Report report = RuleCheck.check(rules, TestCatalog.shipped());
        // Drools refuses two rules of one name in a package: an error at the line, nothing loads.
        assertTrue(report.errors().stream().anyMatch(e -> e.matches(".*\\.(drl|dslr):\\d+: Duplicate rule name: Avoid tensor parallelism without NVLink")),
                report.errors().toString());
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith(rules.resolve("sla.csv") + ": not loaded")), report.warnings().toString());
    }
}
