package dev.infera.catalog;

import dev.infera.text.Ids;

import dev.infera.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads catalog/*.yaml into a {@link Catalog}, checking every field as it goes: a missing or
 * negative value, an unknown reference, a duplicate id or a YAML syntax error stops the load with
 * {@code file:line: message}. Hugging Face config.json files in the folder become models too.
 */
final class CatalogLoader {
    /** Written by `infera calibrate`; its efficiencies replace those of engines.yaml. */
    static final String CALIBRATED_ENGINES = "engines.calibrated.yaml";

    private final Path folder;
    private final boolean applyCalibration;

    private CatalogLoader(Path folder, boolean applyCalibration) {
        this.folder = folder;
        this.applyCalibration = applyCalibration;
    }

    static Catalog load(Path folder, boolean applyCalibration) {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(folder + ": catalog folder not found (use --catalog DIR)");
        }
        return new CatalogLoader(folder, applyCalibration).load();
    }

    private Catalog load() {
        Map<String, Interconnect> interconnects = entries("interconnects.yaml", "interconnects", this::interconnect, Interconnect::id);
        YamlNode gpusFile = file("gpus.yaml", "gpus");
        gpusFile.onlyKeys(Set.of("exportControls", "gpus"));
        ExportControls exportControls = exportControls(gpusFile.get("exportControls"));
        Map<String, Gpu> gpus = entries(gpusFile, "gpus", node -> gpu(node, exportControls), Gpu::id);
        YamlNode modelsFile = file("models.yaml", "models");
        Map<String, Model> models = entries(modelsFile, "models", this::model, Model::id);
        aliases(modelsFile, models);
        Speculators speculators = speculators(modelsFile, models);
        for (Model model : HfConfig.readAll(folder)) {
            if (models.putIfAbsent(model.id(), model) != null) {
                throw new BadInputException(model.source() + ": duplicate model id '" + model.id() + "' (also in models.yaml)");
            }
        }
        Map<String, Server> servers = entries("servers.yaml", "servers", node -> server(node, gpus, interconnects), Server::id);
        YamlNode enginesFile = file("engines.yaml", "engines");
        Map<String, Engine> engines = entries(enginesFile, "engines", this::engine, Engine::id);
        if (applyCalibration && optionalFile(CALIBRATED_ENGINES)) {
            applyCalibration(engines);
        }
        Map<String, Format> formats = entries("formats.yaml", "formats", node -> format(node, engines), Format::id);
        engines.replaceAll((id, engine) -> engine.withEfficiencies(eff -> eff.withFormatFactorsByArithmetic(formats)));
        for (Engine engine : engines.values()) {
            for (String format : engine.formats()) {
                if (!formats.containsKey(format) && !format.equals("bpw")) {
                    throw new BadInputException("engines.yaml: engine '" + engine.id() + "' lists " + Ids.unknown("format", format, formats.keySet()));
                }
            }
            for (var kv : engine.serving().kvCacheByWeights().entrySet()) {
                for (String id : List.of(kv.getKey(), kv.getValue())) {
                    if (!formats.containsKey(id)) {
                        throw new BadInputException("engines.yaml: engine '" + engine.id() + "' kvCacheByWeights names " + Ids.unknown("format", id, formats.keySet()));
                    }
                }
                if (!formats.get(kv.getValue()).kvCache() || !engine.runs(formats.get(kv.getValue()))) {
                    throw new BadInputException("engines.yaml: engine '" + engine.id() + "' kvCacheByWeights: " + kv.getValue()
                            + " is not a KV-cache format the engine runs");
                }
            }
        }
        Map<String, List<Price>> priceRows = optionalFile("prices.yaml") ? priceRows(gpus) : Map.of();
        Map<String, Price> prices = chosenPrices(priceRows);
        YamlNode assumptionsFile = YamlNode.parse(folder.resolve("assumptions.yaml"), "assumptions.yaml");
        YamlNode assumptionsNode = assumptionsFile.get("assumptions").isMissing() ? assumptionsFile : assumptionsFile.get("assumptions");
        Assumptions assumptions = assumptions(assumptionsNode);
        ProcurementValues procurementDefaults = procurementDefaults(assumptionsNode);
        ErrorBands errorBands = errorBands(assumptionsNode, engines.keySet());
        String defaultEngine = enginesFile.requiredString("default");
        if (!engines.containsKey(defaultEngine)) {
            throw enginesFile.get("default").error(Ids.unknown("engine", defaultEngine, engines.keySet()));
        }
        return new Catalog(folder, gpus, models, interconnects, servers, formats, engines, prices, priceRows, assumptions,
                procurementDefaults, errorBands, defaultEngine, exportControls, fingerprint(), speculators);
    }

    private boolean optionalFile(String name) {
        return Files.exists(folder.resolve(name));
    }

    /** Parses {@code fileName}, a mapping that must hold the list {@code key}. */
    private YamlNode file(String fileName, String key) {
        Path path = folder.resolve(fileName);
        if (!Files.exists(path)) {
            throw new BadInputException(fileName + ": missing from catalog folder " + folder);
        }
        YamlNode root = YamlNode.parse(path, fileName);
        if (root.isMissing() || !root.isMapping()) {
            throw root.error("expected a top-level '" + key + ":' list");
        }
        if (root.get(key).isMissing()) {
            throw root.error("missing top-level '" + key + ":' list");
        }
        return root;
    }

    /** Reads the list under {@code key} of {@code fileName}, rejecting duplicate ids at their line. */
    private <T> Map<String, T> entries(String fileName, String key, Function<YamlNode, T> read, Function<T, String> id) {
        return entries(file(fileName, key), key, read, id);
    }

    private static <T> Map<String, T> entries(YamlNode root, String key, Function<YamlNode, T> read, Function<T, String> id) {
        Map<String, T> byId = new LinkedHashMap<>();
        for (YamlNode node : root.get(key).items()) {
            T entry = read.apply(node);
            if (byId.put(id.apply(entry), entry) != null) {
                throw node.error("duplicate id '" + id.apply(entry) + "'");
            }
        }
        return byId;
    }

    private static final Set<String> GPU_FIELDS = Set.of("id", "vendor", "name", "architecture", "family", "formFactor",
            "memoryGb", "memoryType", "memoryBandwidthGbs", "tflops", "nvlinkGbs", "nvlinkGen", "pcieGen", "pcieGbs", "tdpW",
            "datacenterUseAllowed", "halfRateFp32Accumulate", "exportControls", "exportNote", "launchYear", "priceUsd", "priceNote", "notes", "sources", "unknownWhy");

    private static final Set<String> EXPORT_FACT_FIELDS = Set.of("region", "status", "rule", "effective", "source");

    /**
     * A GPU's export facts: each names a known region or group (or a list of them), a status, its rule,
     * the date it took effect and its source. A fact for a group holds for each listed member too; a
     * fact that names a region itself wins over one it has through a group, and the first of two facts
     * naming the same region wins.
     */
    private static List<ExportFact> exportFacts(YamlNode list, ExportControls regions) {
        if (list.isMissing()) {
            return List.of();
        }
        List<ExportFact> named = new java.util.ArrayList<>();
        List<ExportFact> viaGroup = new java.util.ArrayList<>();
        for (YamlNode fact : list.items()) {
            fact.onlyKeys(EXPORT_FACT_FIELDS);
            if (fact.get("region").isMissing()) {
                fact.requiredString("region");
            }
            List<String> codes = new java.util.ArrayList<>();
            YamlNode where = fact.get("region");
            for (String code : fact.strings("region")) {
                try {
                    codes.add(regions.region(code));
                } catch (BadInputException e) {
                    throw where.locate(e);
                }
            }
            String status = fact.requiredString("status");
            ExportFact.Status parsed = switch (status) {
                case "restricted" -> ExportFact.Status.RESTRICTED;
                case "allowed" -> ExportFact.Status.ALLOWED;
                default -> throw fact.get("status").error("status must be restricted or allowed, got '" + status
                        + "' (leave a region out to say it is not verified)");
            };
            String rule = fact.requiredString("rule");
            String effective = fact.requiredString("effective");
            String source = fact.requiredString("source");
            for (String code : codes) {
                for (String covered : regions.covered(code)) {
                    String viaText = covered.equals(code) ? rule : rule + " (" + regions.regions().get(covered) + " as a member of " + code + ")";
                    (covered.equals(code) ? named : viaGroup).add(new ExportFact(covered, parsed, viaText, effective, source));
                }
            }
        }
        List<ExportFact> facts = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ExportFact f : named) {
            if (seen.add(f.region())) facts.add(f);
        }
        for (ExportFact f : viaGroup) {
            if (seen.add(f.region())) facts.add(f);
        }
        return List.copyOf(facts);
    }

    private static final Set<String> EXPORT_CONTROLS_FIELDS = Set.of("asOf", "note", "regions", "groups");
    private static final Set<String> GROUP_FIELDS = Set.of("members", "source");

    /** The top-level exportControls of gpus.yaml: its as-of date, the region codes and groups; without it, no region is known. */
    private static ExportControls exportControls(YamlNode node) {
        if (node.isMissing()) {
            return new ExportControls(null, null, Map.of(), Map.of());
        }
        node.onlyKeys(EXPORT_CONTROLS_FIELDS);
        Map<String, String> regions = new LinkedHashMap<>();
        YamlNode codes = node.get("regions");
        for (String code : codes.keys()) {
            if (!code.matches("[A-Z]{2}")) {
                throw codes.get(code).error("region code '" + code + "' must be two capital letters (ISO 3166-1 alpha-2)");
            }
            regions.put(code, codes.get(code).text().trim());
        }
        Map<String, ExportControls.Group> groups = new LinkedHashMap<>();
        YamlNode groupNodes = node.get("groups");
        for (String name : groupNodes.keys()) {
            YamlNode group = groupNodes.get(name);
            if (!name.matches("[A-E]:[0-9]")) {
                throw group.error("country group '" + name + "' must be an EAR group such as D:5 (Supplement No. 1 to Part 740)");
            }
            group.onlyKeys(GROUP_FIELDS);
            List<String> members = group.strings("members");
            for (String member : members) {
                if (!regions.containsKey(member)) {
                    throw group.get("members").error(Ids.unknown("region", member, regions.keySet()) + " in group " + name);
                }
            }
            groups.put(name, new ExportControls.Group(List.copyOf(members), group.requiredString("source")));
        }
        return new ExportControls(node.requiredString("asOf"), node.optionalString("note"),
                java.util.Collections.unmodifiableMap(regions), java.util.Collections.unmodifiableMap(groups));
    }

    private Gpu gpu(YamlNode node, ExportControls regions) {
        node.onlyKeys(GPU_FIELDS);
        checkPcieGbs(node);
        Map<Precision, Double> tflops = new EnumMap<>(Precision.class);
        YamlNode peaks = node.get("tflops");
        if (!peaks.isMissing()) {
            for (String precision : peaks.keys()) {
                Precision p = Precision.byId(precision).orElseThrow(() -> peaks.get(precision).error(Ids.unknown("precision", precision,
                        Stream.of(Precision.values()).map(Precision::id).toList())));
                Double value = peaks.optionalPositive(precision);
                if (value != null) {
                    tflops.put(p, value);
                }
            }
        }
        return new Gpu(
                node.requiredString("id"),
                node.requiredString("vendor"),
                node.requiredString("name"),
                node.requiredString("family"),
                node.optionalString("formFactor"),
                node.requiredPositive("memoryGb"),
                node.optionalString("memoryType"),
                // Unsourced bandwidth loads as NaN: the GPU is listed but cannot be estimated.
                Objects.requireNonNullElse(node.optionalPositive("memoryBandwidthGbs"), Double.NaN),
                // EnumMap: peaks are looked up for every candidate; keep the fast map, wrapped read-only.
                java.util.Collections.unmodifiableMap(tflops),
                node.optionalPositive("nvlinkGbs"),
                node.optionalString("nvlinkGen"),
                node.optionalPositiveInt("pcieGen"),
                node.optionalPositive("tdpW"),
                node.bool("datacenterUseAllowed", true),
                node.bool("halfRateFp32Accumulate", false),
                exportFacts(node.get("exportControls"), regions),
                node.optionalString("exportNote"),
                node.optionalPositive("priceUsd"),
                node.strings("sources"),
                node.optionalString("unknownWhy"));
    }

    /** KV heads must divide the attention heads: each KV head serves a whole group of query heads. */
    private static int kvHeads(YamlNode node) {
        int heads = node.requiredPositiveInt("attentionHeads");
        int kvHeads = node.requiredPositiveInt("kvHeads");
        if (heads % kvHeads != 0) {
            throw node.get("kvHeads").error("kvHeads " + kvHeads + " does not divide attentionHeads " + heads);
        }
        return kvHeads;
    }

    private static final Set<String> SERVER_FIELDS = Set.of("id", "name", "gpu", "gpus", "intraNodeLink", "interNodeLink", "deployment", "notes",
            "systemPowerW", "rackUnits", "rackScale", "cooling", "networkPorts", "partNumber", "facilitySource", "rentedOnly");
    private static final Set<String> INTERCONNECT_FIELDS = Set.of("id", "kind", "name", "category", "scope", "unidirectionalGbs", "bidirectionalGbs",
            "allReduceBusGbs", "measuredContext", "measuredGbs", "measuredMetric", "notes", "sources");
    private static final Set<String> FORMAT_FIELDS = Set.of("id", "description", "bitsPerWeight", "computePrecision", "engines", "kvCache", "weightOnlyFallback",
            "quality", "qualitySource");
    private static final Set<String> PRICE_FIELDS = Set.of("gpu", "usdPerGpuHour", "kind", "source", "asOf", "provider");
    private static final Set<String> ENGINE_FIELDS = Set.of("id", "name", "vendors", "formats", "tensorParallel", "continuousBatching",
            "memoryUtilisation", "fp16Accumulate", "efficiency", "byFamily", "source", "serving");

    private static final Set<String> SERVING_FIELDS = Set.of("kvBlockTokens", "maxBatch", "maxTokensPerStep", "kvCacheByWeights", "disaggregation",
            "hostOverheadPerRankMs", "fusedAllReduce", "speculators", "prefixCaching", "admission", "schedulerSteps", "kvShareOfFreeMemory", "source");

    private static final Set<String> MODEL_FIELDS = Set.of("id", "name", "paramsB", "paramsBStated", "activeParamsB", "layers",
            "hiddenSize", "attentionHeads", "kvHeads", "headDim", "intermediateSize", "vocabSize", "maxContext", "attention",
            "mla", "moe", "slidingWindow", "slidingWindowLayerFraction", "tiedEmbeddings", "license", "checkpointFormat", "notes", "sources",
            "layerPattern");
    private static final Set<String> LAYER_PATTERN_FIELDS = Set.of("full", "sliding", "window", "chunked", "chunk", "linear",
            "linearStateElements", "sparse", "topK");

    private Model model(YamlNode node) {
        node.onlyKeys(MODEL_FIELDS);
        String attentionText = node.requiredString("attention");
        Model.Attention attention;
        try {
            attention = Model.Attention.valueOf(attentionText);
        } catch (IllegalArgumentException e) {
            throw node.get("attention").error("attention must be one of MHA, GQA, MQA, MLA, got '" + attentionText + "'");
        }
        YamlNode mlaNode = node.get("mla");
        Model.Mla mla = mlaNode.isMissing() ? null
                : new Model.Mla(mlaNode.requiredPositiveInt("kvLoraRank"), mlaNode.requiredPositiveInt("qkRopeHeadDim"));
        if (attention == Model.Attention.MLA && mla == null) {
            throw node.error("attention MLA needs an 'mla:' block (kvLoraRank, qkRopeHeadDim)");
        }
        YamlNode moeNode = node.get("moe");
        Model.Moe moe = moeNode.isMissing() ? null : new Model.Moe(
                moeNode.requiredPositiveInt("experts"),
                moeNode.requiredPositiveInt("expertsPerToken"),
                moeNode.nonNegativeInt("sharedExperts", 0),
                moeNode.nonNegativeInt("firstDenseLayers", 0),
                moeNode.requiredPositiveInt("expertIntermediateSize"));
        Double active = node.optionalPositive("activeParamsB");
        double params = node.requiredPositive("paramsB");
        if (active != null && active > params) {
            throw node.get("activeParamsB").error("activeParamsB " + active + " exceeds paramsB " + params);
        }
        Integer window = node.optionalPositiveInt("slidingWindow");
        return new Model(
                node.requiredString("id"),
                node.requiredString("name"),
                params,
                active,
                node.requiredPositiveInt("layers"),
                node.requiredPositiveInt("hiddenSize"),
                node.requiredPositiveInt("attentionHeads"),
                kvHeads(node),
                node.requiredPositiveInt("headDim"),
                // Pure-MoE models have no dense FFN width; theirs is the experts'.
                moe != null ? Objects.requireNonNullElse(node.optionalPositiveInt("intermediateSize"), moe.expertIntermediateSize())
                        : node.requiredPositiveInt("intermediateSize"),
                node.requiredPositiveInt("vocabSize"),
                node.requiredPositiveInt("maxContext"),
                attention, mla, moe, window,
                window == null ? 0 : node.fraction("slidingWindowLayerFraction", 1.0),
                node.optionalString("license"),
                "models.yaml:" + node.line(),
                // The format the released weights are stored in (gpt-oss ships MXFP4): lossless for this model.
                node.optionalString("checkpointFormat"),
                node.optionalString("notes"),
                layerPattern(node));
    }

    private static final Set<String> SPECULATOR_FIELDS = Set.of("id", "name", "kind", "target", "layers", "paramsB", "activeParamsB",
            "draftTokens", "acceptance", "acceptanceSource", "notes", "sources");

    /**
     * models.yaml's {@code draftDefaults:} and {@code speculators:}: each head's shape is its target's with the head's layers and
     * parameters (an MoE head keeps the target's experts, all its layers routed).
     */
    private static Speculators speculators(YamlNode modelsFile, Map<String, Model> models) {
        YamlNode defaults = modelsFile.get("draftDefaults");
        if (defaults.isMissing() && modelsFile.get("speculators").isMissing()) {
            return Speculators.NONE;
        }
        defaults.onlyKeys(Set.of("draftTokens", "acceptance", "source"));
        int draftTokens = defaults.requiredPositiveInt("draftTokens");
        double draftAcceptance = acceptance(defaults);
        Map<String, Speculator> heads = new LinkedHashMap<>();
        YamlNode list = modelsFile.get("speculators");
        for (YamlNode node : list.isMissing() ? List.<YamlNode>of() : list.items()) {
            node.onlyKeys(SPECULATOR_FIELDS);
            String id = node.requiredString("id");
            String kindId = node.requiredString("kind");
            Speculator.Kind kind = switch (kindId) {
                case "eagle" -> Speculator.Kind.EAGLE;
                case "mtp" -> Speculator.Kind.MTP;
                default -> throw node.get("kind").error("speculator kind must be eagle or mtp (a draft model is any catalog model), got '" + kindId + "'");
            };
            String targetId = node.requiredString("target");
            Model target = models.get(targetId);
            if (target == null) {
                throw node.get("target").error(Ids.unknown("model", targetId, models.keySet()));
            }
            if (heads.containsKey(id) || models.containsKey(id)) {
                throw node.get("id").error("duplicate id '" + id + "' (speculator ids and model ids share --speculator)");
            }
            Model.Moe moe = target.moe() == null ? null
                    : new Model.Moe(target.moe().experts(), target.moe().expertsPerToken(), target.moe().sharedExperts(), 0,
                            target.moe().expertIntermediateSize());
            Double active = node.optionalPositive("activeParamsB");
            if ((moe == null) != (active == null)) {
                throw node.error("activeParamsB is given exactly for heads of MoE targets (" + targetId + (moe == null ? " is dense)" : " has experts)"));
            }
            Model shape = new Model(id, node.requiredString("name"), node.requiredPositive("paramsB"), active, node.requiredPositiveInt("layers"),
                    target.hiddenSize(), target.attentionHeads(), target.kvHeads(), target.headDim(), target.intermediateSize(), target.vocabSize(),
                    target.maxContext(), target.attention(), target.mla(), moe, null, 0, target.license(), "models.yaml:" + node.line(), null,
                    node.optionalString("notes"));
            String acceptanceSource = node.requiredString("acceptanceSource");
            heads.put(id, new Speculator(id, kind, targetId, shape, node.requiredPositiveInt("draftTokens"), acceptance(node),
                    acceptanceSource, String.join("; ", node.strings("sources"))));
        }
        return new Speculators(heads, draftTokens, draftAcceptance, defaults.requiredString("source"));
    }

    /** A speculator's acceptance: the chance a drafted token is accepted, in [0, 1) (1 would accept forever). */
    private static double acceptance(YamlNode node) {
        double a = node.requiredNumber("acceptance");
        if (!(a >= 0 && a < 1)) {
            throw node.get("acceptance").error("acceptance must be in [0, 1), got " + node.get("acceptance").text());
        }
        return a;
    }

    private static final Set<String> ALIAS_FIELDS = Set.of("id", "name", "shapeOf", "license", "notes", "sources");

    /** models.yaml's {@code aliases:}: models with another row's shape under their own id (distills, fine-tunes). */
    private static void aliases(YamlNode modelsFile, Map<String, Model> models) {
        YamlNode list = modelsFile.get("aliases");
        if (list.isMissing()) {
            return;
        }
        for (YamlNode node : list.items()) {
            node.onlyKeys(ALIAS_FIELDS);
            String id = node.requiredString("id");
            String shapeOf = node.requiredString("shapeOf");
            Model shape = models.get(shapeOf);
            if (shape == null) {
                throw node.get("shapeOf").error(Ids.unknown("model", shapeOf, models.keySet()));
            }
            if (models.containsKey(id)) {
                throw node.get("id").error("duplicate model id '" + id + "'");
            }
            String notes = node.optionalString("notes");
            models.put(id, shape.withIdentity(id, node.requiredString("name"), node.optionalString("license"), "models.yaml:" + node.line(),
                    "shape of " + shapeOf + (notes == null ? "" : "; " + notes)));
        }
    }

    /**
     * A row's {@code layerPattern:} block (layers per attention kind with their sizes), or null to
     * derive it from slidingWindow; the counts must add up to the row's layers.
     */
    private static LayerPattern layerPattern(YamlNode row) {
        YamlNode node = row.get("layerPattern");
        if (node.isMissing()) {
            return null;
        }
        node.onlyKeys(LAYER_PATTERN_FIELDS);
        LayerPattern pattern;
        try {
            pattern = new LayerPattern(node.nonNegativeInt("full", 0), node.nonNegativeInt("sliding", 0), node.nonNegativeInt("window", 0),
                    node.nonNegativeInt("chunked", 0), node.nonNegativeInt("chunk", 0), node.nonNegativeInt("linear", 0),
                    node.nonNegativeInt("linearStateElements", 0), node.nonNegativeInt("sparse", 0), node.nonNegativeInt("topK", 0));
        } catch (IllegalArgumentException e) {
            throw node.error("layerPattern: " + e.getMessage());
        }
        int layers = row.requiredPositiveInt("layers");
        if (pattern.layers() != layers) {
            throw node.error("layerPattern counts " + pattern.layers() + " layers (" + pattern.describe() + "), layers is " + layers);
        }
        return pattern;
    }

    /**
     * A GPU's {@code pcieGbs} is its host link per direction after encoding ({@link PcieRate}) at its
     * {@code pcieGen}, for x16, x8 or x4; a bidirectional or unencoded figure is a file:line error.
     */
    private static void checkPcieGbs(YamlNode node) {
        Double gbs = node.optionalPositive("pcieGbs");
        if (gbs == null) {
            return;
        }
        Integer gen = node.optionalPositiveInt("pcieGen");
        if (gen == null || gen > 6) {
            throw node.get("pcieGbs").error("pcieGbs " + node.get("pcieGbs").text() + " needs a pcieGen (1-6) to be checked against");
        }
        if (PcieRate.LANES.stream().noneMatch(lanes -> PcieRate.matches(gbs, gen, lanes))) {
            throw node.get("pcieGbs").error("pcieGbs " + node.get("pcieGbs").text() + " is not PCIe " + PcieRate.expected(gen, PcieRate.LANES)
                    + " (the catalog's one convention, as interconnects.yaml's pcie rows; a datasheet's bidirectional figure halved is not it)");
        }
    }

    /** A pcie row is named pcieG-xL, and its unidirectionalGbs is {@link PcieRate}'s figure for G and L; bidirectional is twice that. */
    private static void checkPcieLink(YamlNode node) {
        String id = node.requiredString("id");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("pcie([1-6])-x(16|8|4)").matcher(id);
        if (!m.matches()) {
            throw node.get("id").error("a pcie link's id is pcieG-xL (generation 1-6, lanes 16, 8 or 4), so its bandwidth can be checked: '" + id + "'");
        }
        int gen = Integer.parseInt(m.group(1));
        int lanes = Integer.parseInt(m.group(2));
        double uni = node.requiredPositive("unidirectionalGbs");
        if (!PcieRate.matches(uni, gen, lanes)) {
            throw node.get("unidirectionalGbs").error("unidirectionalGbs " + node.get("unidirectionalGbs").text() + " is not PCIe " + PcieRate.expected(gen, List.of(lanes))
                    + " (the catalog's one convention, as gpus.yaml's pcieGbs)");
        }
        Double bi = node.optionalPositive("bidirectionalGbs");
        if (bi != null && Math.abs(bi / (2 * uni) - 1) > 0.005) {
            throw node.get("bidirectionalGbs").error("bidirectionalGbs " + node.get("bidirectionalGbs").text() + " is not twice unidirectionalGbs " + node.get("unidirectionalGbs").text());
        }
    }

    private Interconnect interconnect(YamlNode node) {
        node.onlyKeys(INTERCONNECT_FIELDS);
        String kindId = node.requiredString("kind");
        LinkKind kind = LinkKind.byId(kindId)
                .orElseThrow(() -> node.get("kind").error(Ids.unknown("interconnect kind", kindId, LinkKind.ids())));
        if (kind == LinkKind.PCIE) {
            checkPcieLink(node);
        }
        return new Interconnect(node.requiredString("id"), kind, node.requiredString("name"),
                node.requiredPositive("unidirectionalGbs"), node.optionalPositive("allReduceBusGbs"));
    }

    private Server server(YamlNode node, Map<String, Gpu> gpus, Map<String, Interconnect> links) {
        node.onlyKeys(SERVER_FIELDS);
        String gpuId = node.requiredString("gpu");
        if (!gpus.containsKey(gpuId)) {
            throw node.get("gpu").error(Ids.unknown("gpu", gpuId, gpus.keySet()));
        }
        String intra = node.requiredString("intraNodeLink");
        if (!links.containsKey(intra)) {
            throw node.get("intraNodeLink").error(Ids.unknown("interconnect", intra, links.keySet()));
        }
        String inter = node.optionalString("interNodeLink");
        if (inter != null && !links.containsKey(inter)) {
            throw node.get("interNodeLink").error(Ids.unknown("interconnect", inter, links.keySet()));
        }
        String deploymentId = node.requiredString("deployment");
        DeploymentKind deployment = DeploymentKind.byId(deploymentId).orElseThrow(() -> node.get("deployment")
                .error("deployment must be " + String.join(" or ", DeploymentKind.ids()) + ", got '" + deploymentId + "'"));
        return new Server(node.requiredString("id"), node.requiredString("name"), gpus.get(gpuId),
                node.requiredPositiveInt("gpus"), links.get(intra), inter == null ? null : links.get(inter), deployment, false, nodeFacts(node));
    }

    /** The facility facts of a server row; a figure without a source is an error at its line (facts are sourced or absent). */
    private static NodeFacts nodeFacts(YamlNode node) {
        String cooling = node.optionalString("cooling");
        if (cooling == null) {
            cooling = "air";
        } else if (!cooling.equals("air") && !cooling.equals("liquid")) {
            throw node.get("cooling").error("cooling must be air or liquid, got '" + cooling + "'");
        }
        Double power = node.optionalPositive("systemPowerW");
        Integer units = node.optionalPositiveInt("rackUnits");
        Integer ports = node.optionalPositiveInt("networkPorts");
        String source = node.optionalString("facilitySource");
        if ((power != null || units != null || ports != null) && (source == null || source.isBlank())) {
            throw node.error("systemPowerW, rackUnits and networkPorts need a facilitySource (where the figures come from)");
        }
        return new NodeFacts(power, units, node.bool("rackScale", false), cooling, ports, node.optionalString("partNumber"), source,
                node.bool("rentedOnly", false));
    }

    private Format format(YamlNode node, Map<String, Engine> engines) {
        node.onlyKeys(FORMAT_FIELDS);
        String precision = node.requiredString("computePrecision");
        Precision compute = Precision.byId(precision).orElseThrow(() -> node.get("computePrecision").error(Ids.unknown("precision", precision,
                Stream.of(Precision.values()).map(Precision::id).toList())));
        List<String> formatEngines = node.strings("engines");
        for (String engine : formatEngines) {
            if (!engines.containsKey(engine)) {
                throw node.get("engines").error(Ids.unknown("engine", engine, engines.keySet()));
            }
        }
        double bits = node.requiredPositive("bitsPerWeight");
        if (bits > 32) {
            throw node.get("bitsPerWeight").error("bitsPerWeight " + bits + " is more than 32");
        }
        String qualityId = node.requiredString("quality");
        Quality quality;
        try {
            quality = Quality.of(qualityId);
        } catch (BadInputException e) {
            throw node.get("quality").locate(e);
        }
        return new Format(node.requiredString("id"), node.optionalString("description"), bits, compute,
                node.bool("weightOnlyFallback", false), node.bool("kvCache", false), formatEngines,
                quality, node.requiredString("qualitySource"));
    }

    private Engine engine(YamlNode node) {
        node.onlyKeys(ENGINE_FIELDS);
        Efficiency base = efficiency(node.get("efficiency"), null);
        Map<String, Efficiency> byFamily = new LinkedHashMap<>();
        YamlNode families = node.get("byFamily");
        if (!families.isMissing()) {
            for (String family : families.keys()) {
                byFamily.put(family, efficiency(families.get(family), base));
            }
        }
        return new Engine(node.requiredString("id"), node.requiredString("name"), node.strings("vendors"), node.strings("formats"),
                node.bool("tensorParallel", true), node.bool("continuousBatching", true),
                node.fraction("memoryUtilisation", 0.9), node.bool("fp16Accumulate", false), base, Map.copyOf(byFamily),
                node.optionalString("source"), null, serving(node.get("serving")));
    }

    /** An engine's {@code serving:} block; absent = static slots with no limits (EngineServing.STATIC). */
    private static EngineServing serving(YamlNode node) {
        if (node.isMissing()) {
            return EngineServing.STATIC;
        }
        node.onlyKeys(SERVING_FIELDS);
        Map<String, String> kvByWeights = new LinkedHashMap<>();
        YamlNode kv = node.get("kvCacheByWeights");
        if (!kv.isMissing()) {
            for (String weights : kv.keys()) {
                kvByWeights.put(weights, kv.requiredString(weights));
            }
        }
        double perRank = node.get("hostOverheadPerRankMs").isMissing() ? 0 : node.requiredNonNegative("hostOverheadPerRankMs");
        Map<String, String> speculators = new LinkedHashMap<>();
        YamlNode spec = node.get("speculators");
        if (!spec.isMissing()) {
            Set<String> kinds = new java.util.LinkedHashSet<>();
            for (Speculator.Kind kind : Speculator.Kind.values()) {
                kinds.add(kind.id());
            }
            spec.onlyKeys(kinds);
            for (String kind : spec.keys()) {
                speculators.put(kind, spec.requiredString(kind));
            }
        }
        EngineServing.Admission admission = EngineServing.Admission.PAGED;
        String admissionId = node.optionalString("admission");
        if (admissionId != null) {
            admission = EngineServing.Admission.byId(admissionId).orElseThrow(() -> node.get("admission")
                    .error(Ids.unknown("admission", admissionId, dev.infera.text.Worded.ids(EngineServing.Admission.values()))));
        }
        EngineServing profile = new EngineServing(node.nonNegativeInt("kvBlockTokens", 0), node.nonNegativeInt("maxBatch", 0),
                node.nonNegativeInt("maxTokensPerStep", 0), kvByWeights, perRank, node.bool("fusedAllReduce", true),
                node.requiredString("source"), node.optionalString("disaggregation"), speculators, node.optionalString("prefixCaching"), admission,
                1, node.bool("kvShareOfFreeMemory", false));
        int schedulerSteps = node.nonNegativeInt("schedulerSteps", 1);
        String problem = profile.schedulerStepsProblem(schedulerSteps);
        if (problem != null) {
            throw node.get("schedulerSteps").error(problem);
        }
        return profile.asRun(profile.maxBatch(), profile.maxTokensPerStep(), schedulerSteps);
    }

    /**
     * Replaces the efficiencies of each engine listed in engines.calibrated.yaml, default and
     * byFamily together: a calibrated profile never mixes fitted values with stale priors.
     */
    private void applyCalibration(Map<String, Engine> engines) {
        YamlNode root = YamlNode.parse(folder.resolve(CALIBRATED_ENGINES), CALIBRATED_ENGINES);
        for (YamlNode node : root.get("engines").items()) {
            String id = node.requiredString("id");
            Engine engine = engines.get(id);
            if (engine == null) {
                throw node.get("id").error(Ids.unknown("engine", id, engines.keySet()));
            }
            Efficiency base = efficiency(node.get("efficiency"), null);
            Map<String, Efficiency> byKey = new LinkedHashMap<>();
            YamlNode keys = node.get("byFamily");
            if (!keys.isMissing()) {
                for (String key : keys.keys()) {
                    byKey.put(key, efficiency(keys.get(key), base));
                }
            }
            engines.put(id, engine.calibratedWith(base, byKey, node.requiredString("calibratedOn")));
        }
    }

    /** An efficiency block; with a {@code base}, absent fields inherit from it. */
    private static Efficiency efficiency(YamlNode node, Efficiency base) {
        if (node.isMissing()) {
            if (base == null) {
                throw node.error("missing 'efficiency:' block");
            }
            return base;
        }
        Double mbu = fractionOrNull(node, "decodeMbu");
        Double prefill = fractionOrNull(node, "prefillMfu");
        Double decode = fractionOrNull(node, "decodeMfu");
        Double overhead = node.optionalPositive("stepOverheadMs");
        Double latency = node.optionalPositive("allReduceLatencyUs");
        Double halfTokens = node.optionalPositive("prefillHalfTokens");
        Map<String, Double> byFormat = prefillMfuByFormat(node.get("prefillMfuByFormat"));
        Double attention = fractionOrNull(node, "attentionMbu");
        Double perLayer = node.get("layerOverheadUs").isMissing() ? null : node.requiredNonNegative("layerOverheadUs");
        Double prefillPerLayer = node.get("prefillLayerOverheadUs").isMissing() ? null : node.requiredNonNegative("prefillLayerOverheadUs");
        Efficiency out;
        if (base == null) {
            if (mbu == null || prefill == null || decode == null || overhead == null || latency == null) {
                throw node.error("efficiency needs decodeMbu, prefillMfu, decodeMfu, stepOverheadMs and allReduceLatencyUs");
            }
            out = new Efficiency(mbu, prefill, decode, overhead, latency);
        } else {
            out = base.with(mbu, prefill, decode, overhead, latency);
        }
        if (attention != null) {
            out = out.withAttentionMbu(attention);
        }
        if (perLayer != null) {
            out = out.withLayerOverheadUs(perLayer);
        }
        if (prefillPerLayer != null) {
            out = out.withPrefillLayerOverheadUs(prefillPerLayer);
        }
        return out.withPrefillShape(halfTokens != null ? halfTokens : out.prefillHalfTokens(),
                byFormat != null ? byFormat : out.prefillMfuByFormat());
    }

    /** {format id: multiplier in (0, 1]}; null when absent. */
    private static Map<String, Double> prefillMfuByFormat(YamlNode node) {
        if (node.isMissing()) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String format : node.keys()) {
            out.put(format, node.fraction(format, 1));
        }
        return out;
    }

    private static Double fractionOrNull(YamlNode node, String key) {
        return node.get(key).isMissing() ? null : node.fraction(key, 1);
    }

    /** Every row of prices.yaml by GPU, in file order. */
    private Map<String, List<Price>> priceRows(Map<String, Gpu> gpus) {
        YamlNode root = file("prices.yaml", "prices");
        Map<String, List<Price>> rows = new LinkedHashMap<>();
        for (YamlNode node : root.get("prices").items()) {
            Price price = price(node, gpus);
            rows.computeIfAbsent(price.gpu(), k -> new java.util.ArrayList<>()).add(price);
        }
        return rows;
    }

    /** Several rows may quote one GPU: the cheapest on-demand rental wins, then amortised purchase, then spot. */
    private static Map<String, Price> chosenPrices(Map<String, List<Price>> rows) {
        Map<String, Price> chosen = new LinkedHashMap<>();
        for (List<Price> ofGpu : rows.values()) {
            for (Price price : ofGpu) {
                chosen.merge(price.gpu(), price, (a, b) -> preference(b) < preference(a) ? b : a);
            }
        }
        return chosen;
    }

    private static double preference(Price price) {
        PriceKind kind = price.kind();
        int kindRank = kind == PriceKind.ON_DEMAND ? 0 : kind == PriceKind.PURCHASE ? 1 : 2;
        return kindRank * 1e6 + price.usdPerGpuHour();
    }

    private Price price(YamlNode node, Map<String, Gpu> gpus) {
        node.onlyKeys(PRICE_FIELDS);
        String gpu = node.requiredString("gpu");
        if (!gpus.containsKey(gpu)) {
            throw node.get("gpu").error(Ids.unknown("gpu", gpu, gpus.keySet()));
        }
        String label = node.requiredString("kind");
        PriceKind kind = PriceKind.of(label);
        if (kind == null) {
            throw node.get("kind").error("kind '" + label + "' is none of " + String.join(", ", PriceKind.ids()));
        }
        String asOf = node.requiredString("asOf");
        if (!asOf.matches("\\d{4}-\\d{2}(-\\d{2})?") && !asOf.equals("undated") && !asOf.equals("n/a (computed)")) {
            throw node.get("asOf").error("asOf '" + asOf + "' is not a date (YYYY-MM or YYYY-MM-DD), 'undated' or 'n/a (computed)'");
        }
        return new Price(gpu, node.requiredPositive("usdPerGpuHour"), kind, label,
                node.requiredString("source"), asOf, node.requiredString("provider"), node.file() + ":" + node.line());
    }

    /**
     * A company's own prices: {@code folder}/prices.yaml, rows as in the catalog's. For each GPU and
     * kind it quotes, its rows replace the catalog's rows of that kind; other rows stay.
     */
    static Map<String, List<Price>> overlaidPriceRows(Path folder, Map<String, Gpu> gpus, Map<String, List<Price>> catalogRows) {
        Path file = folder.resolve("prices.yaml");
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no prices.yaml in the price overlay folder");
        }
        CatalogLoader loader = new CatalogLoader(folder, false);
        Map<String, List<Price>> quoted = loader.priceRows(gpus);
        Map<String, List<Price>> rows = new LinkedHashMap<>();
        catalogRows.forEach((gpu, list) -> rows.put(gpu, new java.util.ArrayList<>(list)));
        quoted.forEach((gpu, list) -> {
            Set<PriceKind> kinds = new java.util.HashSet<>();
            list.forEach(price -> kinds.add(price.kind()));
            List<Price> merged = rows.computeIfAbsent(gpu, k -> new java.util.ArrayList<>());
            merged.removeIf(price -> kinds.contains(price.kind()));
            merged.addAll(list);
        });
        return rows;
    }

    /** The price each GPU is costed at: the cheapest row of {@code kind}, or by {@link #chosenPrices(Map)}'s order when kind is null. */
    static Map<String, Price> chosenPrices(Map<String, List<Price>> rows, PriceKind kind) {
        if (kind == null) {
            return chosenPrices(rows);
        }
        Map<String, Price> chosen = new LinkedHashMap<>();
        rows.forEach((gpu, list) -> list.stream().filter(p -> p.kind() == kind)
                .min(java.util.Comparator.comparingDouble(Price::usdPerGpuHour)).ifPresent(p -> chosen.put(gpu, p)));
        return chosen;
    }

    private static Assumptions assumptions(YamlNode node) {
        return new Assumptions(
                node.bool("memoryIsBinary", true),
                node.requiredPositive("runtimeOverheadGb"),
                node.requiredPositiveInt("prefillChunkTokens"),
                node.fraction("linkEfficiency", 0.8),
                node.requiredPositive("pcieAllReduceLatencyUs"),
                node.requiredPositive("networkAllReduceLatencyUs"),
                node.requiredPositive("pipelineHopLatencyUs"),
                node.requiredPositive("readingSpeedTokensPerS"),
                node.requiredPositive("hoursPerMonth"),
                node.requiredPositiveInt("maxBatchCap"),
                parallelDegrees(node),
                node.requiredPositiveInt("maxPipelineStages"),
                node.requiredPositiveInt("genericNodeGpus"));
    }

    /** The degrees tried: positive whole numbers, ascending, 1 first (one GPU per stage or shard is always a candidate). */
    private static List<Integer> parallelDegrees(YamlNode node) {
        YamlNode list = node.get("parallelDegrees");
        if (list.isMissing() || !list.isList() || list.items().isEmpty()) {
            throw node.error("missing 'parallelDegrees:' list (the TP and PP degrees the search tries, e.g. [1, 2, 4, 8, 16])");
        }
        List<Integer> degrees = new ArrayList<>();
        for (YamlNode item : list.items()) {
            int degree;
            try {
                degree = Integer.parseInt(item.text().trim());
            } catch (NumberFormatException e) {
                throw item.error("parallelDegrees: a degree must be a whole number, got '" + item.text().trim() + "'");
            }
            if (degree < 1 || (!degrees.isEmpty() && degree <= degrees.get(degrees.size() - 1))) {
                throw item.error("parallelDegrees: degrees must be at least 1 and ascending, got " + degree + " after " + degrees);
            }
            degrees.add(degree);
        }
        if (degrees.get(0) != 1) {
            throw list.error("parallelDegrees: the first degree must be 1 (no parallelism is always tried), got " + degrees.get(0));
        }
        return List.copyOf(degrees);
    }

    private static final Set<String> PROCUREMENT_FIELDS = Set.of("years", "costOfCapital", "usdPerKwh", "pue", "hostingUsdPerKwMonth",
            "utilisation", "supportSharePerYear", "residualShare", "priceKinds", "airRackKw", "liquidRackKw", "rackUnitsPerRack",
            "rackUnitsPerNode", "hostPowerWPerNode", "switchPorts");

    /** The procurement block of assumptions.yaml: every default a scenario's procurement block may override. */
    private static ProcurementValues procurementDefaults(YamlNode assumptions) {
        YamlNode node = assumptions.get("procurement");
        if (node.isMissing() || !node.isMapping()) {
            throw assumptions.error("missing 'procurement:' block (the defaults of a scenario's procurement block)");
        }
        node.onlyKeys(PROCUREMENT_FIELDS);
        List<String> kinds = node.strings("priceKinds");
        for (String kind : kinds) {
            PriceKind k = PriceKind.byId(kind);
            if (k == null || !k.isRental()) {
                throw node.get("priceKinds").error(Ids.unknown("rental price kind", kind, PriceKind.rentalIds()));
            }
        }
        double pue = node.requiredPositive("pue");
        if (pue < 1) {
            throw node.get("pue").error("field 'pue' must be >= 1 (facility power over IT power), got " + node.get("pue").text());
        }
        return new ProcurementValues(node.requiredPositive("years"), node.requiredNonNegative("costOfCapital"),
                node.requiredNonNegative("usdPerKwh"), pue, node.requiredNonNegative("hostingUsdPerKwMonth"),
                node.fraction("utilisation", 1), node.requiredNonNegative("supportSharePerYear"), node.requiredNonNegative("residualShare"),
                kinds, node.requiredPositive("airRackKw"), node.requiredPositive("liquidRackKw"), node.requiredPositiveInt("rackUnitsPerRack"),
                node.requiredPositiveInt("rackUnitsPerNode"), node.requiredPositive("hostPowerWPerNode"), node.requiredPositiveInt("switchPorts"));
    }

    /** The file `infera calibrate --evaluate -o` writes: cross-validated error bands per engine, GPU family and quantity. */
    static final String ERROR_BANDS = "error-bands.yaml";
    private static final Set<String> BAND_FIELDS = Set.of("engine", "family", "quantity", "n", "low", "high", "basis");

    private ErrorBands errorBands(YamlNode assumptions, Set<String> engineIds) {
        YamlNode uncalibrated = assumptions.get("uncalibratedBand");
        if (uncalibrated.isMissing() || !uncalibrated.isMapping()) {
            throw assumptions.error("missing 'uncalibratedBand:' (the error band of an engine and GPU family without measurements)");
        }
        uncalibrated.onlyKeys(Set.of("tpot", "ttft", "throughput"));
        Map<ErrorBand.Quantity, Double> wide = new EnumMap<>(ErrorBand.Quantity.class);
        for (ErrorBand.Quantity q : ErrorBand.Quantity.values()) {
            wide.put(q, uncalibrated.fraction(q.id(), Double.NaN));
            if (Double.isNaN(wide.get(q))) {
                throw uncalibrated.error("missing field '" + q.id() + "'");
            }
        }
        Map<String, ErrorBand> bands = new LinkedHashMap<>();
        if (optionalFile(ERROR_BANDS)) {
            YamlNode root = file(ERROR_BANDS, "bands");
            for (YamlNode node : root.get("bands").items()) {
                node.onlyKeys(BAND_FIELDS);
                String engine = node.requiredString("engine");
                if (!engineIds.contains(engine)) {
                    throw node.get("engine").error(Ids.unknown("engine", engine, engineIds));
                }
                String quantity = node.requiredString("quantity");
                ErrorBand.Quantity q = ErrorBand.Quantity.of(quantity);
                if (q == null) {
                    throw node.get("quantity").error(Ids.unknown("quantity", quantity, List.of("tpot", "ttft", "throughput")));
                }
                double low = node.requiredNumber("low");
                double high = node.requiredNumber("high");
                if (low > high || low <= -1) {
                    throw node.error("band low " + low + " must be above -1 and at most high " + high);
                }
                ErrorBand band = new ErrorBand(low, high, node.requiredPositiveInt("n"), true, node.requiredString("basis"));
                if (bands.put(ErrorBands.key(engine, node.requiredString("family"), q), band) != null) {
                    throw node.error("a second band for " + engine + " on " + node.requiredString("family") + " " + quantity);
                }
            }
        }
        return new ErrorBands(bands, wide);
    }

    /** SHA-256 over every file's name and bytes, in name order. */
    private String fingerprint() {
        try (Stream<Path> files = Files.list(folder)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                digest.update(file.getFileName().toString().getBytes());
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
