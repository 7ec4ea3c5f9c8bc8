package dev.infera.report;

import dev.infera.BadInputException;

import java.nio.file.Path;
import java.util.Locale;

/** The formats `infera report` writes. The PDF is the HTML template rendered to A4. */
public enum Format {
    MD("report.md.ftl"),
    HTML("report.html.ftl"),
    PDF("report.html.ftl");

    private final String template;

    Format(String template) {
        this.template = template;
    }

    /** The template file (in the templates folder) this format is rendered from. */
    public String template() {
        return template;
    }

    public static Format of(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "md", "markdown" -> MD;
            case "html", "htm" -> HTML;
            case "pdf" -> PDF;
            default -> throw new BadInputException("unknown report format '" + text + "': use md, html or pdf");
        };
    }

    /** The format a file name implies (advice.pdf -> PDF), for when --format is not given. */
    public static Format ofFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            throw new BadInputException(file + ": no extension to infer the report format from: give --format md|html|pdf");
        }
        return of(name.substring(dot + 1));
    }
}
