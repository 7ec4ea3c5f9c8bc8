package dev.infera;

/**
 * Input a user can fix: a catalog or rule file, a flag, a scenario. It carries where the mistake is
 * ({@link #file()} and {@link #line()}, when known) apart from what is wrong ({@link #detail()});
 * {@link #getMessage()} is the one line the user sees, {@code file:line: message} or a "did you mean".
 * The CLI maps it to exit code 2 and prints no stack trace unless {@code --debug}.
 */
public class BadInputException extends RuntimeException {
    private final String file;
    private final int line;
    private final String detail;

    public BadInputException(String message) {
        this(null, 0, message, null);
    }

    public BadInputException(String message, Throwable cause) {
        this(null, 0, message, cause);
    }

    private BadInputException(String file, int line, String detail, Throwable cause) {
        super(file == null ? detail : line > 0 ? file + ":" + line + ": " + detail : file + ": " + detail, cause);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    /** {@code file:line: message}, the one shape every located error takes (a line of 0 or less: {@code file: message}). */
    public static BadInputException at(String file, int line, String message) {
        return new BadInputException(file, line, message, null);
    }

    /** The file the mistake is in, or null when the error names no file (a flag, a Groovy keyword's value). */
    public String file() {
        return file;
    }

    /** The line in {@link #file()}, or 0 when not known. */
    public int line() {
        return line;
    }

    /** What is wrong, without the place. */
    public String detail() {
        return detail;
    }

    public boolean isLocated() {
        return file != null;
    }

    /** This error placed at {@code file:line} unless it already names its place (the inner place is the more precise). */
    public BadInputException locatedAt(String file, int line) {
        return isLocated() ? this : new BadInputException(file, line, detail, this);
    }
}
