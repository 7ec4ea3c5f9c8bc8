package dev.infera.report;

import dev.infera.TestRules;
import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.workload.ScenarioBuilder;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * One advice shared by the report tests: the example (Llama-3-70B chat, 32 users, 8k context)
 * over the shipped catalog and rules. Advising once keeps the tests quick; expectations are read
 * from this Advice, never hard-coded, because the rules (and so the winner) keep changing.
 */
final class ReportFixture {
    static final Advisor ADVISOR = TestRules.advisor();
    static final Advice ADVICE = ADVISOR.advise(new ScenarioBuilder().model("llama-3-70b").kind("chat").users(32).context(8192).build());
    static final LocalDate DATE = LocalDate.of(2030, 1, 2);

    private ReportFixture() {}

    static ReportOptions options() {
        return ReportOptions.defaults().withTemplates(Path.of("report", "templates")).withDate(DATE);
    }

    static String render(Format format, ReportOptions options) {
        return new String(Reports.render(ADVISOR, ADVICE, format, options), java.nio.charset.StandardCharsets.UTF_8);
    }
}
