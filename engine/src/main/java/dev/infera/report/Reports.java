package dev.infera.report;

import dev.infera.text.AtomicFile;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.util.XRLog;
import dev.infera.BadInputException;
import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.workload.Scenario;
import freemarker.core.ParseException;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an advisory report (issue 6). The plain Java entry point for the CLI and for scripts:
 * <pre>
 * Reports.write(advisor, advice, Format.PDF, Path.of("advice.pdf"), ReportOptions.defaults());
 * </pre>
 * Templates are FreeMarker files read at run time from a folder (report/templates by default), so
 * a company can change wording and letterhead without rebuilding. A report is rendered whole in
 * memory and only then moved into place, so a failure never replaces a good file with half of one.
 */
public final class Reports {
    private Reports() {}

    /** Advises on {@code scenario} and writes the report: the one-call form for scripts. */
    public static Advice write(Advisor advisor, Scenario scenario, Format format, Path target, ReportOptions options) {
        Advice advice = advisor.advise(scenario);
        write(advisor, advice, format, target, options);
        return advice;
    }

    public static void write(Advisor advisor, Advice advice, Format format, Path target, ReportOptions options) {
        byte[] bytes = render(advisor, advice, format, options);
        AtomicFile.writeBytes(target, bytes);
    }

    /** The report's bytes: UTF-8 text for md and html, a PDF document for pdf. */
    public static byte[] render(Advisor advisor, Advice advice, Format format, ReportOptions options) {
        // The catalog the advice was costed with: a scenario's price kind re-prices it (Advisor#pricedFor).
        ReportContent content = ReportContent.of(advisor.pricedFor(advice.scenario()), advice, options);
        String text = fill(options.templates(), format, content);
        return format == Format.PDF ? pdf(text, options.templates()) : text.getBytes(StandardCharsets.UTF_8);
    }

    static String fill(Path templates, Format format, ReportContent content) {
        if (!Files.isRegularFile(templates.resolve(format.template()))) {
            throw new BadInputException(templates.resolve(format.template()) + ": report template not found (--templates DIR names the folder)");
        }
        Configuration config = new Configuration(Configuration.VERSION_2_3_34);
        try {
            config.setDirectoryForTemplateLoading(templates.toFile());
        } catch (IOException e) {
            throw new BadInputException(templates + ": cannot read report templates: " + e.getMessage(), e);
        }
        config.setDefaultEncoding("UTF-8");
        config.setLocale(Locale.ROOT);
        // Numbers reach templates already formatted; any raw number prints without grouping.
        config.setNumberFormat("computer");
        config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        config.setLogTemplateExceptions(false);
        config.setWrapUncheckedExceptions(true);
        config.setFallbackOnNullLoopVariable(false);
        Map<String, Object> model = new HashMap<>();
        model.put("report", content);
        model.put("format", format.name().toLowerCase(Locale.ROOT));
        model.put("inline", new InlineFile(templates));
        try {
            Template template = config.getTemplate(format.template());
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (ParseException e) {
            throw BadInputException.at(templates.resolve(e.getTemplateName() == null ? "?" : e.getTemplateName()).toString(), e.getLineNumber(),
                    parseProblem(e.getEditorMessage()));
        } catch (TemplateException e) {
            String where = e.getTemplateSourceName() == null ? format.template() : e.getTemplateSourceName();
            Integer line = e.getLineNumber();
            throw BadInputException.at(templates.resolve(where).toString(), line == null ? 0 : line, failedExpression(e));
        } catch (IOException e) {
            throw new BadInputException(templates.resolve(format.template()) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A FreeMarker syntax error on one line: what it found, and what it expected listed on the same
     * line ("Encountered ":", but was expecting one of these patterns:" is followed by one per line).
     */
    static String parseProblem(String editorMessage) {
        List<String> lines = (editorMessage == null ? "template syntax error" : editorMessage).lines()
                .map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "template syntax error";
        }
        String first = lines.get(0);
        int expecting = first.indexOf(", but was expecting");
        if (expecting < 0 || lines.size() == 1) {
            return String.join(" ", lines);
        }
        List<String> expected = lines.subList(1, lines.size());
        int shown = Math.min(expected.size(), MAX_EXPECTED_SHOWN);
        return first.substring(0, expecting) + " where FreeMarker expected " + String.join(" or ", expected.subList(0, shown))
                + (expected.size() > shown ? " (or " + (expected.size() - shown) + " more)" : "");
    }

    /** Enough of FreeMarker's expected tokens to point at the mistake without a screenful. */
    private static final int MAX_EXPECTED_SHOWN = 6;

    /** FreeMarker's first line, with the expression it blames (its first line often ends in "the following ...:"). */
    private static String failedExpression(TemplateException e) {
        String first = e.getMessageWithoutStackTop().lines().findFirst().orElse("template error").trim();
        String blamed = e.getBlamedExpressionString();
        if (blamed == null) {
            return first;
        }
        return first.endsWith(":") ? first + " " + blamed : first + " (in " + blamed + ")";
    }

    /** XHTML with inline SVG to an A4 PDF; page size and page numbers come from the template's @page CSS. */
    static byte[] pdf(String xhtml, Path templates) {
        XRLog.setLoggingEnabled(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useSVGDrawer(new BatikSVGDrawer());
            builder.withHtmlContent(xhtml, templates.toAbsolutePath().toUri().toString());
            builder.toStream(out);
            builder.run();
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("cannot render the PDF from " + Format.PDF.template() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * {@code ${inline("logo.png")}} in a template: a file beside the templates as a data: URI, so a
     * letterhead image keeps the HTML a single self-contained file.
     */
    private record InlineFile(Path templates) implements TemplateMethodModelEx {
        @Override
        public Object exec(List arguments) throws TemplateModelException {
            if (arguments.size() != 1) {
                throw new TemplateModelException("inline(\"file\") takes one file name");
            }
            Path file = templates.resolve(arguments.get(0).toString()).normalize();
            try {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                // By extension, not Files.probeContentType: that differs between machines, and reports must not.
                String type = name.endsWith(".png") ? "image/png" : name.endsWith(".svg") ? "image/svg+xml"
                        : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "image/jpeg" : name.endsWith(".gif") ? "image/gif" : "application/octet-stream";
                return "data:" + type + ";base64,"
                        + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new TemplateModelException("inline: cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}
