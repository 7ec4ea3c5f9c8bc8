package dev.infera.catalog;

import dev.infera.text.Ids;

import dev.infera.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything Infera knows about hardware, models, formats and engines, loaded from a catalog folder
 * (catalog/*.yaml). Lookups by id fail with a "did you mean" message.
 */
public final class Catalog implements java.io.Serializable {
    /** EXL2-style formats named by their bits per weight, e.g. {@code 4.65bpw}. */
    private static final Pattern BITS_PER_WEIGHT = Pattern.compile("(\\d+(?:\\.\\d+)?)bpw");

    /** The folder as text: a Path is not serializable, and the catalog is cached serialized (CatalogCache). */
    private final String folder;
    private final Map<String, Gpu> gpus;
    private final Map<String, Model> models;
    private final Map<String, Interconnect> interconnects;
    private final Map<String, Server> servers;
    private final Map<String, Format> formats;
    private final Map<String, Engine> engines;
    private final Map<String, Price> prices;
    private final Map<String, List<Price>> priceRows;
    private final Assumptions assumptions;
    private final ProcurementValues procurementDefaults;
    private final ErrorBands errorBands;
    private final String defaultEngine;
    private final ExportControls exportControls;
    private final String fingerprint;
    /** Whether this catalog was read from the cache rather than parsed (--timing says which); not part of the entry. */
    private transient boolean cached;
    private final Speculators speculators;

    Catalog(Path folder, Map<String, Gpu> gpus, Map<String, Model> models, Map<String, Interconnect> interconnects,
            Map<String, Server> servers, Map<String, Format> formats, Map<String, Engine> engines,
            Map<String, Price> prices, Map<String, List<Price>> priceRows, Assumptions assumptions, ProcurementValues procurementDefaults,
            ErrorBands errorBands, String defaultEngine, ExportControls exportControls, String fingerprint, Speculators speculators) {
        this.folder = folder.toString();
        this.gpus = gpus;
        this.models = models;
        this.interconnects = interconnects;
        this.servers = servers;
        this.formats = formats;
        this.engines = engines;
        this.prices = prices;
        this.priceRows = priceRows;
        this.assumptions = assumptions;
        this.procurementDefaults = procurementDefaults;
        this.errorBands = errorBands;
        this.defaultEngine = defaultEngine;
        this.exportControls = exportControls;
        this.fingerprint = fingerprint;
        this.speculators = speculators;
    }

    /** Loads and validates the catalog in {@code folder}, with calibrated engine efficiencies where present. */
    public static Catalog load(Path folder) {
        return CatalogLoader.load(folder, true);
    }

    /** The catalog with engines.yaml's prior efficiencies only: what `infera calibrate` fits from. */
    public static Catalog loadPriors(Path folder) {
        return CatalogLoader.load(folder, false);
    }

    public Path folder() { return Path.of(folder); }
    /** models.yaml's speculators (heads per target) and the defaults of a plain draft model. */
    public Speculators speculators() { return speculators; }

    /** {@code idOrKind} as a speculator for {@code target} (see {@link Speculators#resolve}); bad input names the nearest ids. */
    public Speculator speculator(Model target, String idOrKind) {
        return speculators.resolve(target, idOrKind, models);
    }
    public Assumptions assumptions() { return assumptions; }
    /** The defaults of a scenario's procurement block and facility plan (catalog/assumptions.yaml, procurement:). */
    public ProcurementValues procurementDefaults() { return procurementDefaults; }
    /** The estimates' cross-validated error per engine and GPU family (error-bands.yaml), and the uncalibrated band. */
    public ErrorBands errorBands() { return errorBands; }
    /** SHA-256 over the catalog files, for report provenance. */
    public String fingerprint() { return fingerprint; }
    /** Whether this catalog came from the {@link CatalogCache} rather than from parsing the folder. */
    public boolean cached() { return cached; }
    void markCached() { cached = true; }

    private Catalog sameSource(Catalog derived) {
        derived.cached = cached;
        return derived;
    }
    /** The as-of date of the export facts and the region codes a scenario may name. */
    public ExportControls exportControls() { return exportControls; }

    // Collections, named for Groovy scripts: catalog.gpus.findAll { it.memoryGb() >= 80 }
    public List<Gpu> getGpus() { return List.copyOf(gpus.values()); }
    public List<Model> getModels() { return List.copyOf(models.values()); }
    public List<Server> getServers() { return List.copyOf(servers.values()); }
    public List<Format> getFormats() { return List.copyOf(formats.values()); }
    public List<Engine> getEngines() { return List.copyOf(engines.values()); }
    public List<Interconnect> getInterconnects() { return List.copyOf(interconnects.values()); }
    public Collection<String> gpuIds() { return gpus.keySet(); }
    public Collection<String> modelIds() { return models.keySet(); }
    public Collection<String> serverIds() { return servers.keySet(); }

    public Gpu gpu(String id) { return Ids.lookup(gpus, "gpu", id, this::gpuIdsByUse); }
    /** GPU ids, the most used first: by the number of servers.yaml rows built on each, then in catalog order (suggestions list them so). */
    public java.util.List<String> gpuIdsByUse() {
        Map<String, Long> uses = servers.values().stream().collect(java.util.stream.Collectors.groupingBy(s -> s.gpu().id(), java.util.stream.Collectors.counting()));
        return gpus.keySet().stream().sorted(java.util.Comparator.comparingLong((String g) -> -uses.getOrDefault(g, 0L))).toList();
    }
    public Interconnect interconnect(String id) { return Ids.lookup(interconnects, "interconnect", id); }
    public Server server(String id) { return Ids.lookup(servers, "server", id); }
    public Engine engine(String id) { return Ids.lookup(engines, "engine", id == null || id.isBlank() ? defaultEngine : id); }
    public Engine defaultEngine() { return engine(defaultEngine); }
    public boolean hasGpu(String id) { return gpus.containsKey(id); }
    public boolean hasServer(String id) { return servers.containsKey(id); }
    /**
     * Checks that {@code id} names a GPU or a server (where either may be given: --gpu, --gpus, a scenario's
     * gpus); if not, a BadInputException listing every id it is part of, GPUs the most used first, then servers.
     */
    public void requireGpuOrServer(String id) {
        if (!hasGpu(id) && !hasServer(id)) {
            throw new BadInputException(Ids.unknownRanked("gpu or server", id,
                    java.util.stream.Stream.concat(gpuIdsByUse().stream(), serverIds().stream()).toList()));
        }
    }

    /** A model by catalog id, or by the path of a Hugging Face config.json. */
    public Model model(String idOrPath) {
        Model known = models.get(idOrPath);
        if (known != null) {
            return known;
        }
        if (idOrPath != null && idOrPath.endsWith(".json")) {
            return HfConfig.read(Path.of(idOrPath));
        }
        return Ids.lookup(models, "model", idOrPath);
    }

    /** A format by id; any {@code <bits>bpw} is an EXL2-style weight-only format of that many bits. */
    public Format format(String id) {
        Format known = formats.get(id);
        if (known != null) {
            return known;
        }
        Matcher bpw = id == null ? null : BITS_PER_WEIGHT.matcher(id);
        if (bpw != null && bpw.matches()) {
            double bits = Double.parseDouble(bpw.group(1));
            if (bits <= 0 || bits > 16) {
                throw new BadInputException("format '" + id + "': bits per weight must be in (0, 16]");
            }
            return new Format(id, "EXL2-style mixed precision at " + bits + " bits per weight (weight-only)",
                    bits, Precision.FP16, true, false, List.of("exllamav2"), Quality.ofBitsPerWeight(bits),
                    "classed by bits per weight like the GGUF k-quants of the same size (llama.cpp quantize table, Llama-3-8B perplexity deltas)");
        }
        return Ids.lookup(formats, "format", id);
    }

    /** This catalog costing every GPU at the cheapest row of {@code kind} (GPUs without one have no price). */
    public Catalog withPriceKind(PriceKind kind) {
        return sameSource(new Catalog(folder(), gpus, models, interconnects, servers, formats, engines, CatalogLoader.chosenPrices(priceRows, kind),
                priceRows, assumptions, procurementDefaults, errorBands, defaultEngine, exportControls, fingerprint, speculators));
    }

    /** This catalog with a company's own prices over its rows (see {@code --price-overlay}); {@code kind} as {@link #withPriceKind}, or null. */
    public Catalog withPriceOverlay(Path overlayFolder, PriceKind kind) {
        Map<String, List<Price>> rows = CatalogLoader.overlaidPriceRows(overlayFolder, gpus, priceRows);
        return sameSource(new Catalog(folder(), gpus, models, interconnects, servers, formats, engines, CatalogLoader.chosenPrices(rows, kind),
                rows, assumptions, procurementDefaults, errorBands, defaultEngine, exportControls, fingerprint, speculators));
    }

    public Optional<Price> price(Gpu gpu) {
        return Optional.ofNullable(prices.get(gpu.id()));
    }

    /** Every prices.yaml row for the GPU, in file order (several kinds and providers). */
    public List<Price> priceRows(Gpu gpu) {
        return priceRows.getOrDefault(gpu.id(), List.of());
    }

    /** The cheapest row of {@code kind} for the GPU (its kind read by {@link PriceKind#of}), if any. */
    public Optional<Price> price(Gpu gpu, PriceKind kind) {
        return priceRows(gpu).stream().filter(p -> p.kind() == kind).min(Comparator.comparingDouble(Price::usdPerGpuHour));
    }

    /**
     * A warning for each spot row that costs more than the same GPU's cheapest on-demand row, at the spot
     * row's file:line. Spot is interruptible capacity sold below on-demand, so such a row is usually an
     * on-demand rate filed as spot, or the on-demand row is stale; {@code --price spot} would charge more.
     */
    public List<String> priceWarnings() {
        List<String> warnings = new ArrayList<>();
        for (List<Price> ofGpu : priceRows.values()) {
            Optional<Price> onDemand = ofGpu.stream().filter(p -> p.kind() == PriceKind.ON_DEMAND)
                    .min(Comparator.comparingDouble(Price::usdPerGpuHour));
            for (Price spot : ofGpu) {
                if (spot.kind() == PriceKind.SPOT && onDemand.isPresent() && spot.usdPerGpuHour() > onDemand.get().usdPerGpuHour()) {
                    warnings.add((spot.place() == null ? "prices.yaml" : spot.place()) + ": " + spot.gpu() + " " + spot.charged()
                            + " is above its cheapest on-demand row, " + onDemand.get().charged() + (onDemand.get().place() == null ? "" : " (" + onDemand.get().place() + ")")
                            + ": is the spot row an on-demand rate, or the on-demand row stale?");
                }
            }
        }
        return warnings;
    }

    /**
     * The node that hosts {@code count} GPUs of this kind: the smallest catalog server of that GPU
     * holding them all, else the largest (scaled out over its inter-node link), else a generic box
     * whose GPUs talk over the GPU's own NVLink or, lacking one, PCIe.
     */
    public Server serverFor(Gpu gpu, int count) {
        List<Server> ofGpu = new ArrayList<>(servers.values().stream().filter(s -> s.gpu().equals(gpu)).toList());
        ofGpu.sort(Comparator.comparingInt(Server::gpus));
        for (Server server : ofGpu) {
            if (server.gpus() >= count) {
                return server;
            }
        }
        // Too many for any node of this GPU: the largest node, scaled out over its network if it has one
        // (the estimator rejects a replica wider than a node without one).
        return ofGpu.isEmpty() ? genericServer(gpu, count) : ofGpu.get(ofGpu.size() - 1);
    }

    private Server genericServer(Gpu gpu, int count) {
        Interconnect link = null;
        if (gpu.hasNvlink() && gpu.nvlinkGen() != null) {
            link = interconnects.get("nvlink-" + gpu.nvlinkGen());
        }
        if (link == null) {
            int gen = gpu.pcieGen() != null ? gpu.pcieGen() : 4;
            link = interconnects.getOrDefault("pcie" + gen + "-x16", interconnects.get("pcie4-x16"));
        }
        DeploymentKind deployment = gpu.datacenterUseAllowed() ? DeploymentKind.DATACENTER : DeploymentKind.WORKSTATION;
        // A GPU with no server in the catalog is placed in a generic box of at most assumptions.yaml's genericNodeGpus.
        int perNode = Math.min(count, assumptions.genericNodeGpus());
        return new Server(gpu.id() + "-x" + perNode, perNode + "x " + gpu.name(), gpu, perNode, link, null, deployment, true, NodeFacts.UNKNOWN);
    }
}
