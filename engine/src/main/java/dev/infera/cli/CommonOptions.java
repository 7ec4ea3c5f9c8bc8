package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.CatalogCache;
import dev.infera.catalog.PriceKind;
import dev.infera.text.Ids;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Options every command takes: where the catalog is, and --debug. */
public final class CommonOptions {
    @Option(names = "--catalog", paramLabel = "DIR", description = "Catalog folder (default: ./catalog, else the one beside the launcher).")
    Path catalog;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    @Option(names = "--price", paramLabel = "KIND",
            description = "Which prices.yaml rows cost a GPU-hour: on-demand, reserved (1 year), reserved-3y, spot or owned (amortised purchase). Default: the cheapest on-demand row, else owned, else any.")
    String price;

    @Option(names = "--price-overlay", paramLabel = "DIR",
            description = "A folder whose prices.yaml holds your own quotes: for each GPU and kind it lists, its rows replace the catalog's.")
    Path priceOverlay;

    private Catalog loaded;
    private CatalogCache catalogCache = CatalogCache.userDefault();

    /** Where the parsed catalog is kept between runs: the commands with --cache and --no-cache set it from them. */
    void catalogCache(CatalogCache cache) {
        this.catalogCache = cache;
    }

    public Catalog catalog() {
        if (loaded == null) {
            PriceKind kind = null;
            if (price != null) {
                kind = PriceKind.ofChoice(price);
                if (kind == null) {
                    throw new BadInputException("--price " + price + ": " + Ids.unknown("price kind", price, PriceKind.choices()));
                }
            }
            Catalog base = catalogCache.load(catalogFolder());
            loaded = priceOverlay != null ? base.withPriceOverlay(priceOverlay, kind) : kind != null ? base.withPriceKind(kind) : base;
        }
        return loaded;
    }

    public Path catalogFolder() {
        return catalog != null ? catalog : defaultFolder("catalog");
    }

    /** ./NAME when present, else NAME beside the installation (-Dinfera.home, set by the launcher). */
    public static Path defaultFolder(String name) {
        Path local = Path.of(name);
        if (Files.isDirectory(local)) {
            return local;
        }
        String home = System.getProperty("infera.home");
        return home != null ? Path.of(home, name) : local;
    }
}
