package dev.infera.cli;

import dev.infera.catalog.CatalogCache;
import dev.infera.rules.RuleBase;
import dev.infera.rules.RuleCache;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --rules DIR and the compiled-rules cache, for the commands that run the rule base. */
public final class RulesOption {
    @Option(names = "--rules", paramLabel = "DIR", description = "Rules folder (default: ./rules, else the one beside the launcher).")
    Path rules;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where compiled rules and the parsed catalog are kept between runs (default: $XDG_CACHE_HOME/infera, else ~/.cache/infera).")
    Path cache;

    @Option(names = "--no-cache", description = "Compile the rules and read the catalog afresh, and keep nothing.")
    boolean noCache;

    public Path folder() {
        return rules != null ? rules : CommonOptions.defaultFolder("rules");
    }

    public RuleCache cache() {
        if (noCache) {
            return RuleCache.NONE;
        }
        return cache != null ? RuleCache.at(cache) : RuleCache.userDefault();
    }

    /** The parsed catalog's cache, in the same folder as the rules' (or none, with --no-cache). */
    public CatalogCache catalogCache() {
        if (noCache) {
            return CatalogCache.NONE;
        }
        return cache != null ? CatalogCache.at(cache) : CatalogCache.userDefault();
    }

    /** Points {@code common}'s catalog at this cache. */
    public void cacheCatalogOf(CommonOptions common) {
        common.catalogCache(catalogCache());
    }

    public RuleBase load() {
        return load(RuleBase.Network.NODES);
    }

    /** As {@link #load()}, built as {@code network} says: commands that judge many scenarios compile it. */
    public RuleBase load(RuleBase.Network network) {
        return RuleBase.load(folder(), network, cache());
    }
}
