package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Engine;
import dev.infera.catalog.Format;
import dev.infera.catalog.Gpu;
import dev.infera.catalog.Model;
import dev.infera.catalog.Precision;
import dev.infera.catalog.Price;
import dev.infera.text.Json;
import dev.infera.text.Numbers;
import dev.infera.text.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code infera catalog list|show|check}: what the catalog holds, where each value came from, and what it lacks. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        header = "List catalog entries, show one with its sources, check coverage.",
        subcommands = {CatalogCommand.ListEntries.class, CatalogCommand.Show.class, CatalogCommand.Check.class},
        footerHeading = "%nExamples:%n",
        footer = {"  infera catalog list gpus", "  infera catalog show h100-sxm-80g", "  infera catalog check"})
public final class CatalogCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The YAML files whose entries {@code show} finds by id, in lookup order. */
    static final List<String> FILES = List.of("gpus.yaml", "models.yaml", "servers.yaml", "interconnects.yaml",
            "formats.yaml", "engines.yaml");

    /** The kinds {@code catalog list} lists, in the order its summary prints them. */
    static final List<String> KINDS = List.of("gpus", "models", "servers", "engines", "formats", "prices");

    /** The kinds as completion candidates. */
    static final class ListKinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return KINDS.iterator();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "One line per entry of a kind; without a kind, how many of each.",
            description = "KIND: gpus, models, servers, engines, formats or prices.",
            footerHeading = "%nExamples:%n", footer = {"  infera catalog list", "  infera catalog list gpus", "  infera catalog list prices --json"})
    static final class ListEntries implements Runnable {
        @Spec CommandSpec spec;
        @Mixin CommonOptions common;

        @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", completionCandidates = ListKinds.class,
                description = "gpus, models, servers, engines, formats or prices; omitted: one line per kind with its count.")
        String kind;

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            if (kind == null) {
                summary(common.catalog(), out, json);
                return;
            }
            List<Map<String, Object>> rows = rows(common.catalog(), kind);
            if (json) {
                out.println(Json.pretty(rows));
                return;
            }
            if (rows.isEmpty()) {
                out.println("(no " + kind + ")");
                return;
            }
            TextTable table = new TextTable(rows.get(0).keySet().toArray(String[]::new));
            for (Map<String, Object> row : rows) {
                table.row(row.values().stream().map(v -> v == null ? "-" : v instanceof Double d ? Numbers.fmt(d) : v).toArray());
            }
            out.print(table.render());
        }
    }

    /** One line per kind: how many entries {@code list KIND} would print, then how to ask for one kind. */
    static void summary(Catalog catalog, PrintWriter out, boolean json) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String kind : KINDS) {
            counts.put(kind, rows(catalog, kind).size());
        }
        if (json) {
            out.println(Json.pretty(counts));
            return;
        }
        TextTable table = new TextTable("kind", "entries");
        counts.forEach(table::row);
        out.print(table.render());
        out.println("(prices: one per GPU, the row it is costed at; catalog list KIND lists the entries of one kind, catalog show ID one entry)");
    }

    static List<Map<String, Object>> rows(Catalog catalog, String kind) {
        List<Map<String, Object>> rows = new ArrayList<>();
        switch (kind) {
            case "gpus" -> catalog.getGpus().forEach(g -> rows.add(row(
                    "id", g.id(), "name", g.name(), "family", g.family(), "memory_gb", g.memoryGb(),
                    "bandwidth_gbs", Double.isNaN(g.memoryBandwidthGbs()) ? null : g.memoryBandwidthGbs(),
                    "bf16_tflops", peak(g, Precision.BF16), "fp16_tflops", peak(g, Precision.FP16), "fp8_tflops", peak(g, Precision.FP8),
                    "int8_tops", peak(g, Precision.INT8), "fp4_tflops", peak(g, Precision.FP4), "tdp_w", g.tdpW(),
                    "usd_per_gpu_hour", catalog.price(g).map(Price::usdPerGpuHour).orElse(null))));
            case "models" -> catalog.getModels().forEach(m -> rows.add(row(
                    "id", m.id(), "name", m.name(), "params_b", m.paramsB(), "active_params_b", m.activeParamsB(),
                    "layers", m.layers(), "attention", m.attention().name(), "kv_heads", m.kvHeads(), "head_dim", m.headDim(),
                    "layers_by_kind", m.layerPattern().isAllFull() ? null : m.layerPattern().describe(),
                    "max_context", m.maxContext(), "source", m.source())));
            case "servers" -> catalog.getServers().forEach(s -> rows.add(row(
                    "id", s.id(), "name", s.name(), "gpu", s.gpu().id(), "gpus", s.gpus(), "intra_node_link", s.intraNodeLink().id(),
                    "inter_node_link", s.interNodeLink() == null ? null : s.interNodeLink().id(), "deployment", s.deployment().id())));
            case "engines" -> catalog.getEngines().forEach(e -> rows.add(row(
                    "id", e.id(), "name", e.name(), "vendors", e.vendors().isEmpty() ? "any" : String.join(",", e.vendors()),
                    "formats", String.join(",", e.formats()), "tensor_parallel", e.tensorParallel(),
                    "calibrated", e.calibration() == null ? "no" : e.calibration())));
            case "formats" -> catalog.getFormats().forEach(f -> rows.add(row(
                    "id", f.id(), "bits_per_weight", f.bitsPerWeight(), "compute", f.computePrecision().id(),
                    "dequantises_to_16_bit", f.weightOnlyFallback(), "kv_cache", f.kvCache(), "engines", String.join(",", f.engines()))));
            case "prices" -> catalog.getGpus().forEach(g -> catalog.price(g).ifPresent(p -> rows.add(row(
                    "gpu", p.gpu(), "usd_per_gpu_hour", p.usdPerGpuHour(), "kind", p.label(), "provider", p.provider(), "as_of", p.asOf(),
                    "stale", p.stale() ? "STALE" : "", "source", p.source()))));
            default -> throw new BadInputException("catalog list: unknown kind '" + kind
                    + "' (gpus, models, servers, engines, formats, prices)");
        }
        return rows;
    }

    private static Double peak(Gpu gpu, Precision precision) {
        return gpu.peakTflops(precision).isPresent() ? gpu.peakTflops(precision).getAsDouble() : null;
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, header = "Every field of one entry, with its notes and sources.",
            description = "Prints the entry as its catalog file holds it (file:line first), or, for a Hugging Face config.json model, every field as imported.",
            footerHeading = "%nExamples:%n", footer = {"  infera catalog show h100-sxm-80g", "  infera catalog show llama-3.1-70b"})
    static final class Show implements Runnable {
        @Spec CommandSpec spec;
        @Mixin CommonOptions common;

        @Parameters(index = "0", paramLabel = "ID", completionCandidates = CatalogIds.Entries.class, description = "A GPU, model, server, interconnect, format or engine id, or a config.json path.")
        String id;

        @Override
        public void run() {
            Catalog catalog = common.catalog();
            PrintWriter out = spec.commandLine().getOut();
            for (String file : FILES) {
                String entry = yamlEntry(common.catalogFolder().resolve(file), id);
                if (entry != null) {
                    out.print(entry);
                    if (file.equals("gpus.yaml")) {
                        catalog.price(catalog.gpu(id)).ifPresent(p -> out.println("    # price used: $" + Numbers.fmt(p.usdPerGpuHour())
                                + "/GPU-hour, " + p.label() + ", " + p.asOf() + ", " + p.source() + " (prices.yaml)"));
                    }
                    return;
                }
            }
            // Not a YAML row: a Hugging Face config.json (in the folder or by path), shown as imported.
            Model model = catalog.model(id);
            out.println(model.source() + ":");
            for (RecordComponent component : Model.class.getRecordComponents()) {
                try {
                    Object value = component.getAccessor().invoke(model);
                    out.println("    " + component.getName() + ": " + (value == null ? "null" : value));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** The lines of the entry {@code - id: ID} in a catalog YAML file, headed by file:line, or null. */
    static String yamlEntry(Path file, String id) {
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.matches("\\s*- id: \"?" + java.util.regex.Pattern.quote(id) + "\"?\\s*")) {
                int indent = line.indexOf('-');
                StringBuilder out = new StringBuilder(file.getFileName() + ":" + (i + 1) + ":\n").append(line).append('\n');
                for (int j = i + 1; j < lines.size(); j++) {
                    String next = lines.get(j);
                    int nextIndent = next.length() - next.stripLeading().length();
                    if (!next.isBlank() && (nextIndent < indent || (nextIndent == indent && next.stripLeading().startsWith("-")))) {
                        break;
                    }
                    out.append(next).append('\n');
                }
                return out.toString();
            }
        }
        return null;
    }

    @Command(name = "check", mixinStandardHelpOptions = true, header = "Validate the catalog and report its coverage.",
            description = {"Loads the catalog (every validation error stops with file:line: message, exit 2), then lists "
                    + "which fields are unknown for which entries and which GPUs cannot run which formats, and why. "
                    + "Coverage gaps are reported, not failures: the exit code is 0."},
            footerHeading = "%nExample:%n", footer = {"  infera catalog check --catalog my-catalog"})
    static final class Check implements Runnable {
        @Spec CommandSpec spec;
        @Mixin CommonOptions common;

        @Override
        public void run() {
            Catalog catalog = common.catalog();
            PrintWriter out = spec.commandLine().getOut();
            out.println("catalog " + common.catalogFolder() + " loads: " + catalog.getGpus().size() + " GPUs, "
                    + catalog.getModels().size() + " models, " + catalog.getServers().size() + " servers, "
                    + catalog.getFormats().size() + " formats, " + catalog.getEngines().size() + " engines, fingerprint "
                    + catalog.fingerprint());
            out.println();
            out.println("GPU fields not listed (unsourced, or a precision the part lacks):");
            TextTable unknown = new TextTable("gpu", "not listed", "why unknown (gpus.yaml unknownWhy)");
            int complete = 0;
            for (Gpu gpu : catalog.getGpus()) {
                List<String> missing = unknownFields(gpu, catalog);
                if (missing.isEmpty()) {
                    complete++;
                } else {
                    unknown.row(gpu.id(), String.join(", ", missing), gpu.unknownWhy() == null ? "" : gpu.unknownWhy());
                }
            }
            out.print(unknown.render());
            out.println(complete + " of " + catalog.getGpus().size() + " GPUs have every field sourced.");
            out.println();
            out.println("Models without a license read:");
            out.println("  " + catalog.getModels().stream().filter(m -> m.license() == null).map(Model::id).collect(Collectors.joining(", ")));
            out.println();
            out.println("Formats a GPU cannot run:");
            TextTable cannot = new TextTable("gpu", "format", "why");
            for (Gpu gpu : catalog.getGpus()) {
                for (Format format : catalog.getFormats()) {
                    String why = whyNot(gpu, format, catalog);
                    if (why != null) {
                        cannot.row(gpu.id(), format.id(), why);
                    }
                }
            }
            out.print(cannot.render());
            out.println();
            List<String> warnings = catalog.priceWarnings();
            out.println("Price warnings (" + warnings.size() + "):");
            warnings.forEach(w -> out.println("  warning: " + w));
            out.println();
            List<Price> stale = catalog.getGpus().stream().flatMap(g -> catalog.priceRows(g).stream()).filter(Price::stale).toList();
            out.println("Stale price rows (rental rows undated or dated before " + Price.STALE_BEFORE + "; advise marks them STALE where charged): "
                    + stale.size());
            stale.forEach(p -> out.println("  " + p.place() + ": " + p.gpu() + " " + p.charged()));
        }
    }

    /** Fields of {@code gpu} the catalog has no sourced value for. */
    static List<String> unknownFields(Gpu gpu, Catalog catalog) {
        List<String> missing = new ArrayList<>();
        if (Double.isNaN(gpu.memoryBandwidthGbs())) {
            missing.add("memoryBandwidthGbs");
        }
        if (gpu.tdpW() == null) {
            missing.add("tdpW");
        }
        if (gpu.memoryType() == null) {
            missing.add("memoryType");
        }
        if (gpu.pcieGen() == null && !"SXM".equals(gpu.formFactor()) && !"OAM".equals(gpu.formFactor())) {
            missing.add("pcieGen");
        }
        for (Precision precision : List.of(Precision.FP32, Precision.BF16, Precision.FP16, Precision.INT8)) {
            if (gpu.peakTflops(precision).isEmpty()) {
                missing.add("tflops." + precision.id());
            }
        }
        if (catalog.price(gpu).isEmpty()) {
            missing.add("price (prices.yaml)");
        }
        return missing;
    }

    /** Why {@code gpu} cannot run {@code format} in any engine of the catalog, or null when one can. */
    static String whyNot(Gpu gpu, Format format, Catalog catalog) {
        List<Engine> loaders = catalog.getEngines().stream().filter(e -> e.runs(format)).toList();
        if (loaders.stream().noneMatch(e -> e.supportsVendor(gpu.vendor()))) {
            return "no engine that loads " + format.id() + " (" + loaders.stream().map(Engine::id).collect(Collectors.joining(", "))
                    + ") has kernels for " + gpu.vendor() + " GPUs";
        }
        if (Double.isNaN(gpu.memoryBandwidthGbs())) {
            return gpu.bandwidthUnsourced();
        }
        if (format.computePrecisionOn(gpu) == null) {
            Precision wanted = format.computePrecision();
            return wanted.sixteenBit()
                    ? gpu.sixteenBitUnsourced()
                    : "no " + wanted.id().toUpperCase(java.util.Locale.ROOT) + " peak listed"
                            + (format.weightOnlyFallback() ? " and no 16-bit peak to dequantise to" : " (this format does not dequantise to 16 bits)");
        }
        return null;
    }
}
