package dev.infera.cli;

import dev.infera.rules.RuleBase;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --rules DIR, for the commands that run the rule base. */
public final class RulesOption {
    @Option(names = "--rules", paramLabel = "DIR", description = "Rules folder (default: ./rules, else the one beside the launcher).")
    Path rules;

    public Path folder() {
        return rules != null ? rules : CommonOptions.defaultFolder("rules");
    }

    public RuleBase load() {
        return RuleBase.load(folder());
    }

    /** As {@link #load()}, built as {@code network} says: commands that judge many scenarios compile it. */
    public RuleBase load(RuleBase.Network network) {
        return RuleBase.load(folder(), network);
    }
}
