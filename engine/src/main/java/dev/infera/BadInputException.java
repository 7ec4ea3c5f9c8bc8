package dev.infera;

/**
 * Input a user can fix: a catalog or rule file, a flag, a scenario. The message is one line,
 * already in the form the user should see ({@code file:line: message} or a "did you mean").
 * The CLI maps it to exit code 2 and prints no stack trace unless {@code --debug}.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code file:line: message}, the one shape every located error takes. */
    public static BadInputException at(String file, int line, String message) {
        return new BadInputException(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
    }
}
