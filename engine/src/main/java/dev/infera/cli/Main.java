package dev.infera.cli;

import dev.infera.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;

/** Entry point: {@code infera COMMAND [OPTIONS]}. */
@Command(name = "infera", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        header = "Recommends how to deploy a large language model for inference, and why.",
        footerHeading = "%nExamples:%n",
        footer = {"  infera advise --model llama-3-70b --scenario chat --context 8192 --users 32",
                "  infera estimate --model llama-3-8b --gpu h100-sxm-80g --batch max",
                "  infera help advise                 # every option of a command, grouped",
                "  source <(infera completion)        # tab completion (bash): commands, options, ids"})
public final class Main implements java.util.concurrent.Callable<Integer> {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Infera's commands, in the order --help lists them. */
    private static final java.util.List<Class<?>> COMMANDS = java.util.List.of(EstimateCommand.class, AdviseCommand.class,
            ReportCommand.class, RunCommand.class, BenchCommand.class, CalibrateCommand.class, RulesCommand.class,
            CatalogCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class);

    /**
     * The command line for {@code args}: with only the command they name when they start with one,
     * since picocli reflects over every option of every command it is given (about a tenth of a
     * second of a one-shot run's start); with none for {@code --version} alone; with all of them for help, completion, or anything else.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        boolean needsAll = first.equals("help") || first.equals("completion");
        java.util.List<Class<?>> named = COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(first)).toList();
        if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) {
            return cli;
        }
        for (Class<?> command : needsAll || named.isEmpty() ? COMMANDS : named) {
            // A CommandLine of its own: picocli applies a command's model transformer (the scenario
            // schema's flags) only in the constructor a user calls, not to a subcommand added as a class.
            cli.addSubcommand(new CommandLine(command));
        }
        return cli;
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** The test seam: runs the CLI with its output going to {@code out} and {@code err}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Logging.quiet();
        // Infera's commands are Java: without this, picocli's default factory loads groovy.lang.Closure
        // (Groovy is on the class path for scripts), whose start-up costs ~0.8 s of CPU on every command.
        System.setProperty("picocli.disable.closures", "true");
        boolean debug = Arrays.asList(args).contains("--debug");
        dev.infera.text.Deprecations.start(err);
        CommandLine cli = commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        HelpSections.install(cli);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex;
            while (!(cause instanceof BadInputException) && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof BadInputException bad) {
                err.println("infera: " + bad.getMessage());
                if (debug) {
                    bad.printStackTrace(err);
                }
                return BAD_INPUT;
            }
            err.println("infera: internal error: " + ex + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                ex.printStackTrace(err);
            }
            return INTERNAL_ERROR;
        });
        cli.setParameterExceptionHandler((ex, args1) -> {
            err.println("infera: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return BAD_INPUT;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** {@code infera} alone: a command is missing, which is bad input; the usage goes to stderr. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("infera: a command is needed");
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"infera " + (version == null ? "dev" : version)};
        }
    }
}
