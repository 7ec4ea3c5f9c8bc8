package dev.infera.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * How a report is written: where its templates are, how many candidates it compares, and the two
 * facts that are not inputs (Infera's version, the date). The date is the only thing allowed to
 * differ between two reports of the same inputs, so it is a parameter, not read deep inside.
 *
 * @param templates folder holding report.md.ftl and report.html.ftl (the PDF is rendered from the HTML)
 * @param top       ranked candidates in the comparison table
 * @param version   Infera's version, for provenance
 * @param date      the report's date
 */
public record ReportOptions(Path templates, int top, String version, LocalDate date) {
    public static final int DEFAULT_TOP = 10;

    /** The shipped templates, the default table size, this build's version and today. */
    public static ReportOptions defaults() {
        return new ReportOptions(defaultTemplates(), DEFAULT_TOP, buildVersion(), LocalDate.now());
    }

    public ReportOptions withTemplates(Path folder) {
        return new ReportOptions(folder == null ? defaultTemplates() : folder, top, version, date);
    }

    public ReportOptions withTop(int n) {
        return new ReportOptions(templates, n, version, date);
    }

    public ReportOptions withDate(LocalDate day) {
        return new ReportOptions(templates, top, version, day);
    }

    /** report/templates under -Dinfera.home (set by the launcher), else under the working directory. */
    public static Path defaultTemplates() {
        String home = System.getProperty("infera.home");
        Path underHome = home == null ? null : Path.of(home, "report", "templates");
        return underHome != null && Files.isDirectory(underHome) ? underHome : Path.of("report", "templates");
    }

    /** The jar manifest's Implementation-Version; "dev" when run from classes (tests, IDE). */
    public static String buildVersion() {
        String version = ReportOptions.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
