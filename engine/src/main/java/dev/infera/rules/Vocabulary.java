package dev.infera.rules;

import dev.infera.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phrases of the rules folder's .dsl files, read by Infera itself so that it can (1) check
 * every line of a .dslr against them before Drools sees it (Drools passes some unmatched lines
 * through as raw DRL, with errors that point at the expansion), (2) find phrases no rule uses,
 * and (3) print the vocabulary for README.md.
 */
public final class Vocabulary {
    /** One [when] or [then] entry; {@code continuation} for the "- ..." phrases that add to the last fact. */
    public record Phrase(String scope, String text, String section, String help, Pattern pattern,
                         List<String> variables, Path file, int line) {
        public boolean continuation() {
            return text.startsWith("-");
        }
    }

    /** A .dslr line and the phrase it matched (null when none did). */
    public record Use(Path file, int line, String scope, String text, Phrase phrase, Matcher match) {}

    private static final Pattern ENTRY = Pattern.compile("^\\[(when|then|condition|consequence)](.*?)=(.*)$");
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(?::((?:[^{}]|\\{[^{}]*})+))?}");

    private final List<Phrase> phrases;

    private Vocabulary(List<Phrase> phrases) {
        this.phrases = phrases;
    }

    public List<Phrase> phrases() {
        return phrases;
    }

    public static Vocabulary of(List<Path> dslFiles) {
        List<Phrase> phrases = new ArrayList<>();
        for (Path file : dslFiles) {
            String section = "";
            StringBuilder help = new StringBuilder();
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("## ")) {
                    section = line.substring(3).strip();
                } else if (line.startsWith("#:")) {
                    help.append(help.isEmpty() ? "" : " ").append(line.substring(2).strip());
                } else if (!line.isEmpty() && !line.startsWith("#")) {
                    Matcher m = ENTRY.matcher(line);
                    if (!m.matches()) {
                        throw BadInputException.at(file.toString(), i + 1, "not a DSL entry: expected [when]phrase=DRL or [then]phrase=code");
                    }
                    String scope = m.group(1).startsWith("c") || m.group(1).equals("when") ? "when" : "then";
                    String text = m.group(2).strip();
                    List<String> variables = new ArrayList<>();
                    phrases.add(new Phrase(scope, text, section, help.toString(), pattern(text, variables), variables, file, i + 1));
                    help.setLength(0);
                }
            }
        }
        return new Vocabulary(List.copyOf(phrases));
    }

    /** The phrase as a whole-line regex: {var} matches any text, {var:regex} its regex, spaces any spacing. */
    private static Pattern pattern(String text, List<String> variables) {
        StringBuilder regex = new StringBuilder();
        Matcher m = VARIABLE.matcher(text);
        int last = 0;
        while (m.find()) {
            regex.append(literal(text.substring(last, m.start())));
            regex.append('(').append(m.group(2) != null ? m.group(2) : ".+?").append(')');
            variables.add(m.group(1));
            last = m.end();
        }
        regex.append(literal(text.substring(last)));
        return Pattern.compile(regex.toString());
    }

    private static String literal(String text) {
        String[] words = text.split("\\s+", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            out.append(i > 0 ? "\\s+" : "").append(words[i].isEmpty() ? "" : Pattern.quote(words[i]));
        }
        return out.toString();
    }

    /**
     * Every when/then line of a .dslr with the phrase it matches, the first in file order as Drools
     * tries them. Lines starting with {@code >} are raw DRL by Drools' convention and are skipped.
     */
    public List<Use> uses(Path dslr) {
        List<Use> uses = new ArrayList<>();
        String section = null;
        boolean inComment = false;
        List<String> lines = read(dslr);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (inComment) {
                inComment = !line.contains("*/");
                continue;
            }
            if (line.startsWith("/*")) {
                inComment = !line.contains("*/");
                continue;
            }
            if (line.isEmpty() || line.startsWith("//") || line.startsWith("#") || line.startsWith(">")) {
                continue;
            }
            if (line.matches("rule\\s.*")) {
                section = "attributes";
            } else if (line.equals("when") && section != null) {
                section = "when";
            } else if (line.equals("then") && section != null) {
                section = "then";
            } else if (line.equals("end")) {
                section = null;
            } else if ("when".equals(section) || "then".equals(section)) {
                uses.add(match(dslr, i + 1, section, line));
            }
        }
        return uses;
    }

    private Use match(Path file, int line, String scope, String text) {
        for (Phrase phrase : phrases) {
            if (phrase.scope().equals(scope)) {
                Matcher m = phrase.pattern().matcher(text);
                if (m.matches()) {
                    return new Use(file, line, scope, text, phrase, m);
                }
            }
        }
        return new Use(file, line, scope, text, null, null);
    }

    /**
     * The errors in {@code dslr}, as {@code file:line: message}: lines no phrase matches, and
     * message placeholders naming no value.
     */
    public List<String> errors(Path dslr, Set<Phrase> used) {
        List<String> errors = new ArrayList<>();
        for (Use use : uses(dslr)) {
            String where = dslr + ":" + use.line() + ": ";
            if (use.phrase() == null) {
                errors.add(where + "no " + use.scope() + " phrase in the vocabulary matches '" + use.text()
                        + "' (see `infera rules vocabulary`)");
                continue;
            }
            used.add(use.phrase());
            int message = use.phrase().variables().indexOf("message");
            if (message >= 0) {
                String text = use.match().group(message + 1).strip();
                if (!(text.length() >= 2 && text.startsWith("\"") && text.endsWith("\""))) {
                    errors.add(where + "the message must be in double quotes");
                    continue;
                }
                try {
                    for (String unknown : MessageTemplate.parse(text.substring(1, text.length() - 1)).unknownValues()) {
                        errors.add(where + "message placeholder {" + unknown + "} names no value (candidate properties such as tpotMs,"
                                + " or workload., constraints., thresholds., model. followed by a property)");
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(where + e.getMessage());
                }
            }
        }
        return errors;
    }

    /** The vocabulary as Markdown: README.md's "Phrase vocabulary" section is exactly this text. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        String section = null;
        for (Phrase phrase : phrases) {
            if (!phrase.section().equals(section)) {
                section = phrase.section();
                out.append(out.isEmpty() ? "" : "\n").append("### ").append(section.isEmpty() ? "Phrases" : section).append("\n\n");
            }
            out.append("- ").append(phrase.scope().equals("when") ? "When" : "Then").append(": `").append(phrase.text()).append('`');
            if (!phrase.help().isEmpty()) {
                out.append(" — ").append(phrase.help());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * Phrases Drools would never reach: Drools rewrites a line with every phrase in file order,
     * matching anywhere in it, so an earlier phrase found inside a later one ("the workload" inside
     * "- misses the workload's TPOT target") rewrites part of it first.
     */
    public List<String> shadowed() {
        List<String> errors = new ArrayList<>();
        for (int j = 0; j < phrases.size(); j++) {
            for (int i = 0; i < j; i++) {
                Phrase earlier = phrases.get(i);
                Phrase later = phrases.get(j);
                if (earlier.scope().equals(later.scope()) && earlier.pattern().matcher(later.text()).find()) {
                    errors.add(later.file() + ":" + later.line() + ": phrase '" + later.text() + "' is never reached: the phrase '"
                            + earlier.text() + "' at line " + earlier.line() + " matches inside it; put the longer phrase first");
                    break;
                }
            }
        }
        return errors;
    }

    public Set<Phrase> unused(Set<Phrase> used) {
        Set<Phrase> unused = new LinkedHashSet<>(phrases);
        unused.removeAll(used);
        return unused;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
