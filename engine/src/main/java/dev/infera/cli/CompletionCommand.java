package dev.infera.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code infera completion}: the bash (and zsh) completion script for commands, options and catalog ids. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        header = "Print the shell completion script (bash; zsh with bashcompinit): commands, options, catalog ids.",
        footerHeading = "%nExample:%n",
        footer = {"  source <(./infera completion)      # this shell; add the line to ~/.bashrc to keep it"})
public final class CompletionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("infera", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
