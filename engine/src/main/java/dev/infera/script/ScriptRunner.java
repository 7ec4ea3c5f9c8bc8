package dev.infera.script;

import dev.infera.BadInputException;
import dev.infera.text.Ids;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Compiles and runs an Infera script. Whatever stops it (a syntax error, a misspelt keyword, an
 * unknown id, an impossible value) becomes one {@code script:line: message} BadInputException, the
 * line taken from the stack frame that belongs to the script; the original stays as the cause.
 */
public final class ScriptRunner {
    private ScriptRunner() {}

    /**
     * Exits NoExit cannot see when the script compiles (a receiver held in a variable) are caught when they run: Groovy
     * dispatches calls on System and Runtime through their metaclasses, which throw {@link ScriptExit} instead. Once per JVM.
     */
    private static final boolean EXITS_GUARDED = guardExits();

    private static boolean guardExits() {
        new GroovyShell(ScriptRunner.class.getClassLoader()).evaluate(String.join("\n",
                "System.metaClass.static.exit = { int code -> throw new dev.infera.script.ScriptExit(\"System.exit(\" + code + \")\") }",
                "Runtime.metaClass.exit = { int code -> throw new dev.infera.script.ScriptExit(\"Runtime.exit(\" + code + \")\") }",
                "Runtime.metaClass.halt = { int code -> throw new dev.infera.script.ScriptExit(\"Runtime.halt(\" + code + \")\") }"));
        return true;
    }

    static CompilerConfiguration configuration() {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(InferaScript.class.getName());
        config.setSourceEncoding("UTF-8");
        // Scripts say scenario/sweep/advise, never import: the domain types are there already.
        config.addCompilationCustomizers(new ImportCustomizer()
                .addStarImports("dev.infera.script", "dev.infera.workload", "dev.infera.advice", "dev.infera.physics", "java.time"),
                new NoExit());
        return config;
    }

    public static Object run(Path script, List<String> args, ScriptContext context) {
        return run(script, args, () -> context);
    }

    /** As {@link #run(Path, List, ScriptContext)}, with the context made once the script has compiled (it may still be loading). */
    public static Object run(Path script, List<String> args, Supplier<ScriptContext> contextOnceCompiled) {
        if (!Files.isRegularFile(script)) {
            throw new BadInputException(script + ": script not found");
        }
        String name = script.getFileName().toString();
        Binding binding = new Binding();
        binding.setVariable("args", args.toArray(String[]::new));
        InferaScript compiled;
        try {
            GroovyShell shell = new GroovyShell(ScriptRunner.class.getClassLoader(), binding, configuration());
            compiled = (InferaScript) shell.parse(script.toFile());
        } catch (MultipleCompilationErrorsException e) {
            throw compileError(script, e);
        } catch (IOException e) {
            throw new BadInputException(script + ": cannot read: " + e.getMessage(), e);
        }
        if (!EXITS_GUARDED) {
            throw new IllegalStateException("exit guard not installed");
        }
        ScriptContext context = contextOnceCompiled.get();
        binding.setVariable("out", context.stdout());
        compiled.context(context);
        try {
            return compiled.run();
        } catch (RuntimeException e) {
            throw located(script, name, e);
        }
    }

    private static BadInputException compileError(Path script, MultipleCompilationErrorsException e) {
        for (Message message : e.getErrorCollector().getErrors()) {
            if (message instanceof SyntaxErrorMessage syntax) {
                SyntaxException cause = syntax.getCause();
                return new BadInputException(script + ":" + cause.getLine() + ": " + firstLine(cause.getOriginalMessage()), e);
            }
        }
        return new BadInputException(script + ": " + firstLine(e.getMessage()), e);
    }

    /** {@code script:line: message} for an exception thrown while the script ran. */
    static BadInputException located(Path script, String fileName, Throwable e) {
        int line = lineIn(fileName, e);
        String message;
        if (e instanceof MissingMethodException missing && !missing.isStatic() && isKeyword(missing.getMethod())) {
            // A known word given what none of its forms takes: `advise { ... }` is not "unknown keyword 'advise'".
            message = "'" + missing.getMethod() + "' cannot be given " + described(missing.getArguments())
                    + " here (scripts/README.md, \"The words\", shows where and how each word is used)";
        } else if (e instanceof MissingMethodException missing && !missing.isStatic()) {
            message = "unknown keyword '" + missing.getMethod() + "'" + suggestion(missing.getMethod());
        } else if (e instanceof MissingPropertyException missing && isKeyword(missing.getProperty())) {
            // `context -4096` parses as `context - 4096`: the keyword was read as a name with no value.
            message = "'" + missing.getProperty() + "' has no value here; a value starting with a minus reads as a subtraction"
                    + " (and a negative " + missing.getProperty() + " is impossible): write " + missing.getProperty() + " 4096";
        } else if (e instanceof MissingPropertyException missing) {
            message = "unknown name '" + missing.getProperty() + "'" + suggestion(missing.getProperty());
        } else if (e instanceof BadInputException) {
            message = e.getMessage();
        } else {
            message = e.getClass().getSimpleName() + ": " + firstLine(String.valueOf(e.getMessage()));
        }
        return BadInputException.at(script.toString(), line, message);
    }

    /** The line of the innermost stack frame that is the script's own code (its body or one of its closures). */
    static int lineIn(String fileName, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (fileName.equals(frame.getFileName()) && frame.getLineNumber() > 0) {
                    return frame.getLineNumber();
                }
            }
        }
        return 0;
    }

    /** What a call passed, in the script's words: "a block", "a string and a number", "nothing". */
    static String described(Object[] arguments) {
        if (arguments == null || arguments.length == 0) {
            return "nothing";
        }
        List<String> kinds = new java.util.ArrayList<>();
        for (Object a : arguments) {
            kinds.add(a == null ? "null" : a instanceof groovy.lang.Closure<?> ? "a block" : a instanceof CharSequence ? "a string"
                    : a instanceof Number ? "a number" : a instanceof java.util.Map<?, ?> ? "named values" : a instanceof java.util.List<?> ? "a list"
                    : "a " + a.getClass().getSimpleName());
        }
        return String.join(" and ", kinds);
    }

    private static boolean isKeyword(String name) {
        return words().contains(name);
    }

    /** " (did you mean gpus?)": the nearest words of the DSL, whichever block the call was in. */
    private static String suggestion(String name) {
        // Only the nearest: short keywords are all a few edits apart, so a list would be noise.
        List<String> close = Ids.closest(name, words(), 1);
        return close.isEmpty() ? "" : " (did you mean " + close.get(0) + "?)";
    }

    /** The DSL's words: the public methods of the scenario, procurement and sweep blocks and of the script itself. */
    private static Set<String> words() {
        Set<String> words = new TreeSet<>();
        dev.infera.workload.ScenarioSchema.fields().forEach(f -> words.add(f.key()));
        dev.infera.workload.ScenarioSchema.procurementFields().forEach(f -> words.add(f.key()));
        for (Class<?> c : List.of(ScenarioSpec.class, ProcurementSpec.class, SweepSpec.class, InferaScript.class)) {
            for (Method m : c.getDeclaredMethods()) {
                String word = m.getName();
                if (!Modifier.isPublic(m.getModifiers()) || word.equals("build") || word.equals("methodMissing")) {
                    continue;
                }
                words.add(word.startsWith("get") && m.getParameterCount() == 0 ? Character.toLowerCase(word.charAt(3)) + word.substring(4) : word);
            }
        }
        return words;
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
