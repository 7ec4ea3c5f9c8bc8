package dev.infera.rules;

import dev.infera.catalog.Model;
import dev.infera.plan.Candidate;
import dev.infera.text.Numbers;
import dev.infera.workload.Constraints;
import dev.infera.workload.Thresholds;
import dev.infera.workload.Workload;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DSL rule's message: text with {@code {value}} or {@code {value:%.1f}} placeholders, so that an
 * architect writes "TP={tp} adds {communicationMs:%.1f} ms" instead of Java. A value is a property of
 * the candidate ({@code tpotMs}), or of another matched fact ({@code workload.users},
 * {@code constraints.maxPowerW}, {@code thresholds.ttftMs}, {@code model.name}), optionally scaled to
 * another unit by a power of ten ({@code communicationShare*100}, {@code prefillComputeMs/1000}). No
 * other arithmetic: a number a message needs is a named property, computed (and tested) in Java.
 * The format is a {@link String#format} pattern, or {@code upper}; without one numbers print as
 * Infera prints them elsewhere.
 */
public final class MessageTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}:]+)(?::([^{}]+))?}");
    private static final Pattern TERM = Pattern.compile("\\s*([A-Za-z_][\\w.]*|\\d+(?:\\.\\d+)?(?:[eE]\\d+)?)\\s*([-+*/])?");
    /** The facts a placeholder may name, by prefix; no prefix means the candidate. */
    static final Map<String, Class<?>> FACTS = Map.of("", Candidate.class, "workload", Workload.class,
            "constraints", Constraints.class, "thresholds", Thresholds.class, "model", Model.class);
    /** The fact a placeholder prefix names, read from the candidate that carries its scenario. */
    static Object factOf(Candidate candidate, String prefix) {
        return switch (prefix) {
            case "" -> candidate;
            case "workload" -> candidate.getWorkload();
            case "constraints" -> candidate.getConstraints();
            case "thresholds" -> candidate.getThresholds();
            case "model" -> candidate.deployment().model();
            default -> null;
        };
    }

    private static final Map<String, MessageTemplate> PARSED = new ConcurrentHashMap<>();
    private static final Map<String, Method> GETTERS = new ConcurrentHashMap<>();

    private record Part(String text, List<String> operands, List<Character> operators, String format) {}

    private final List<Part> parts;

    private MessageTemplate(List<Part> parts) {
        this.parts = parts;
    }

    public static MessageTemplate parse(String template) {
        return PARSED.computeIfAbsent(template, MessageTemplate::compile);
    }

    private static MessageTemplate compile(String template) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            parts.add(new Part(template.substring(last, m.start()), null, null, null));
            List<String> operands = new ArrayList<>();
            List<Character> operators = new ArrayList<>();
            Matcher t = TERM.matcher(m.group(1));
            int at = 0;
            while (at < m.group(1).length() && t.find(at) && t.start() == at) {
                operands.add(t.group(1));
                if (t.group(2) != null) {
                    operators.add(t.group(2).charAt(0));
                }
                at = t.end();
            }
            if (at != m.group(1).length() || operands.size() != operators.size() + 1) {
                throw new IllegalArgumentException("message placeholder " + m.group() + " is not a value or a value scaled to a unit");
            }
            if (!operators.isEmpty() && (operators.size() > 1 || operators.get(0) == '+' || operators.get(0) == '-'
                    || !isPowerOfTen(operands.get(1)) || Character.isDigit(operands.get(0).charAt(0)))) {
                throw new IllegalArgumentException("message placeholder " + m.group() + " does arithmetic: a message reads named numbers"
                        + " (add a property that computes it) and only scales one to a unit by a power of ten ({communicationShare*100},"
                        + " {prefillComputeMs/1000})");
            }
            parts.add(new Part(null, operands, operators, m.group(2)));
            last = m.end();
        }
        parts.add(new Part(template.substring(last), null, null, null));
        return new MessageTemplate(parts);
    }

    private static boolean isPowerOfTen(String operand) {
        if (!Character.isDigit(operand.charAt(0))) {
            return false;
        }
        double exponent = Math.log10(Double.parseDouble(operand));
        return Math.abs(exponent - Math.rint(exponent)) < 1e-9;
    }

    /** Names in placeholders that no fact has: what `infera rules check` reports before anything runs. */
    public List<String> unknownValues() {
        List<String> unknown = new ArrayList<>();
        for (Part part : parts) {
            if (part.operands() != null) {
                for (String operand : part.operands()) {
                    if (!Character.isDigit(operand.charAt(0)) && getter(operand) == null) {
                        unknown.add(operand);
                    }
                }
            }
        }
        return unknown;
    }

    /** The text with every placeholder filled; {@code facts} maps a prefix ("" for the candidate) to its fact. */
    public String fill(Function<String, Object> facts) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.text() != null) {
                out.append(part.text());
                continue;
            }
            Object value = value(part.operands().get(0), facts);
            for (int i = 0; i < part.operators().size(); i++) {
                double left = number(value, part.operands().get(i));
                double right = number(value(part.operands().get(i + 1), facts), part.operands().get(i + 1));
                value = switch (part.operators().get(i)) {
                    case '*' -> left * right;
                    case '/' -> left / right;
                    case '+' -> left + right;
                    default -> left - right;
                };
            }
            out.append(format(value, part.format()));
        }
        return out.toString();
    }

    private static Object value(String operand, Function<String, Object> facts) {
        if (Character.isDigit(operand.charAt(0))) {
            return Double.parseDouble(operand);
        }
        Method getter = getter(operand);
        if (getter == null) {
            throw new IllegalArgumentException("message placeholder {" + operand + "}: no such value");
        }
        int dot = operand.indexOf('.');
        Object fact = facts.apply(dot < 0 ? "" : operand.substring(0, dot));
        if (fact == null) {
            throw new IllegalArgumentException("message placeholder {" + operand + "}: the rule matches no "
                    + (dot < 0 ? "candidate" : operand.substring(0, dot)) + " fact");
        }
        try {
            return getter.invoke(fact);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("message placeholder {" + operand + "}: " + e, e);
        }
    }

    /** The accessor for {@code prefix.name}: getName(), isName() or a record's name(); null when none. */
    public static Method getter(String operand) {
        int dot = operand.indexOf('.');
        Class<?> type = FACTS.get(dot < 0 ? "" : operand.substring(0, dot));
        String name = dot < 0 ? operand : operand.substring(dot + 1);
        if (type == null || name.isEmpty() || name.contains(".")) {
            return null;
        }
        return GETTERS.computeIfAbsent(type.getName() + "#" + name, key -> {
            String bean = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            for (String candidate : List.of("get" + bean, "is" + bean, name)) {
                try {
                    Method method = type.getMethod(candidate);
                    if (method.getReturnType() != void.class) {
                        return method;
                    }
                } catch (NoSuchMethodException e) {
                    // try the next naming convention
                }
            }
            return null;
        });
    }

    private static double number(Object value, String operand) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("message placeholder {" + operand + "}: not a number, cannot do arithmetic on it");
    }

    private static String format(Object value, String format) {
        if (format == null) {
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Numbers.fmt(d);
            }
            return String.valueOf(value);
        }
        if (format.equals("upper")) {
            return String.valueOf(value).toUpperCase(Locale.ROOT);
        }
        if (value instanceof Number n && format.endsWith("d")) {
            return String.format(Locale.ROOT, format, n.longValue());
        }
        return String.format(Locale.ROOT, format, value);
    }
}
