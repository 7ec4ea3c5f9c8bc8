package dev.infera.cli;

import dev.infera.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;

/** Entry point: {@code infera COMMAND [OPTIONS]}. */
@Command(name = "infera", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        header = "Recommends how to deploy a large language model for inference, and why.",
        subcommands = {EstimateCommand.class, AdviseCommand.class, ReportCommand.class, RunCommand.class, BenchCommand.class,
                CalibrateCommand.class, RulesCommand.class, CatalogCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** The test seam: runs the CLI with its output going to {@code out} and {@code err}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Logging.quiet();
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
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

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"infera " + (version == null ? "dev" : version)};
        }
    }
}
