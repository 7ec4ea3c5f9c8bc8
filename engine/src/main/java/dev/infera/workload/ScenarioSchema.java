package dev.infera.workload;

import dev.infera.BadInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every field of a scenario, declared once: its name, type, unit, default, meaning and the builder
 * step that checks and sets it. CLI flags ({@code --kebab-case}), scenario YAML and Groovy's
 * {@code scenario { ... }} ({@code camelCase}) are made from this list, so a field added here exists
 * in all three under the same words; README's "Scenario fields" table is {@link #markdown()}.
 * Old spellings still work as {@link Alias}es and warn once. The procurement terms are a second list,
 * {@link #procurementFields()}, declared the same way: flags at the top level ({@code --years}), the YAML's
 * {@code procurement:} block (ProcurementFile) and Groovy's {@code procurement { ... }} (ProcurementSpec) are
 * made from it. A file's {@code published:} block is not a field.
 */
public final class ScenarioSchema {
    private ScenarioSchema() {}

    /** What a value is: each front end reads it its own way (picocli converter, YAML scalar, Groovy argument). */
    public enum Type {
        /** a whole number >= 1 */
        INT("whole number"),
        /** a whole number, read from YAML as any positive number */
        LONG("whole number"),
        /** a whole number >= 0 (0: none) */
        COUNT("whole number, 0 or more"),
        /** a share from 0 to 1 */
        SHARE("share, 0 to 1"),
        NUMBER("number"),
        TEXT("text"),
        /** a comma-separated (flag) or YAML/Groovy list of ids */
        IDS("list"),
        /** ids with a price in USD: {@code --quote ID=USD} (repeatable), a YAML mapping, Groovy's {@code quote ID, USD} */
        QUOTES("id: USD mapping"),
        /** true when given (a flag without a value) */
        FLAG("true/false"),
        /** milliseconds, the mean, or ms@p50/p90/p99 of a simulated load */
        TARGET("ms[@pNN]");

        private final String shown;

        Type(String shown) {
            this.shown = shown;
        }

        /** How the docs and messages name the type: "whole number", "list", "ms[@pNN]". */
        public String shown() {
            return shown;
        }
    }

    /** The help section a field's flag is listed under. */
    public enum Group {
        SCENARIO("Scenario"), POOL("Hardware pool"), CONSTRAINTS("Constraints"), SITE("Facility and procurement");

        public final String heading;

        Group(String heading) {
            this.heading = heading;
        }
    }

    /** Where a field's values come from: the catalog's ids (checked and completed) or a fixed list of words. */
    public enum Ids { NONE, MODEL, KIND, HARDWARE, ENGINE, FORMAT, DEPLOYMENT, REGION }

    /**
     * An old spelling: {@code key} in YAML and Groovy (or null: the old spelling was a flag's only), {@code flag}
     * (or null: none, where the kebab form would clash with another flag) on the command line; {@code inverted} for a yes/no field
     * whose old name meant the opposite ({@code multiNode: false} = {@code singleNode: true}).
     */
    public record Alias(String key, String flag, boolean inverted) {}

    /** Checks and sets one field on the builder; {@code spelled} is the name the user wrote, for messages. */
    @FunctionalInterface
    public interface Setter {
        void set(ScenarioBuilder b, Object value, String spelled);
    }

    /**
     * One field.
     *
     * @param key         camelCase name: the YAML key and Groovy keyword; the flag is its kebab-case
     * @param unit        the unit of a number ("ms", "h", "W", "USD"), or "" ; Groovy's durations convert to it
     * @param defaultText the default as the docs say it, or "" for none
     * @param flagLabel   the flag's value placeholder in --help
     * @param fallback    the value of a TEXT flag given without one, or null when it needs one
     * @param flagName    the flag where it is not the key's kebab-case (one {@code --quote} per quote of {@code quotes}), else null
     */
    public record Field(String key, Type type, String unit, String defaultText, String doc, Group group, Ids ids,
                        String flagLabel, String fallback, List<Alias> aliases, Setter setter, String flagName) {
        public String flag() {
            return flagName != null ? flagName : "--" + kebab(key);
        }

        /** Sets {@code value} (of this field's type: Integer, Long, Double, String, List, Boolean; TARGET: a Number or text). */
        public void set(ScenarioBuilder b, Object value, String spelled) {
            setter.set(b, value, spelled);
        }

        /** The alias spelled {@code key} in YAML or Groovy, if any. */
        public Optional<Alias> aliasForKey(String key) {
            return aliases.stream().filter(a -> key.equals(a.key())).findFirst();
        }

        /** The names a YAML file or script may use for this field: the key first, then the old ones. */
        public List<String> keys() {
            List<String> all = new ArrayList<>(List.of(key));
            aliases.stream().map(Alias::key).filter(java.util.Objects::nonNull).forEach(all::add);
            return all;
        }
    }

    private static final List<Field> FIELDS = new ArrayList<>();

    static {
        Group s = Group.SCENARIO;
        Group p = Group.POOL;
        Group c = Group.CONSTRAINTS;
        add("name", Type.TEXT, "", "model, kind, tokens and load", "The scenario's name in the advice and reports.", s, Ids.NONE, "TEXT",
                (b, v, n) -> b.name((String) v));
        add("model", Type.TEXT, "", "", "Model id or path to a config.json.", s, Ids.MODEL, "ID", (b, v, n) -> b.model((String) v));
        add("scenario", Type.TEXT, "", "chat", "chat, rag, offline or agent.", s, Ids.KIND, "KIND", (b, v, n) -> b.kind((String) v));
        add("context", Type.INT, "tokens", "4096; rag 32768", "Tokens per sequence, prompt plus output.", s, Ids.NONE, "TOKENS",
                (b, v, n) -> b.context((Integer) v));
        add("inputTokens", Type.INT, "tokens", "context minus output", "Prompt tokens per request.", s, Ids.NONE, "TOKENS",
                (b, v, n) -> b.inputTokens((Integer) v), new Alias("input", null, false));
        add("outputTokens", Type.INT, "tokens", "chat 256, agent 128, rag/offline 512", "Generated tokens per request.", s, Ids.NONE, "TOKENS",
                (b, v, n) -> b.outputTokens((Integer) v), new Alias("output", null, false));
        add("users", Type.INT, "", "1", "Concurrent users / sequences.", s, Ids.NONE, "N", (b, v, n) -> b.users((Integer) v));
        add("rate", Type.NUMBER, "requests/s", "", "Requests per second the deployment must sustain (needs rate x output tokens of throughput;"
                        + " without users, each candidate's concurrency follows by Little's law).", s, Ids.NONE, "REQ/S",
                (b, v, n) -> b.requestsPerS((Double) v), new Alias("requestsPerSecond", null, false));
        add("prefixTokens", Type.COUNT, "tokens", "by scenario kind, thresholds table", "Prompt tokens that repeat across requests (a system"
                        + " prompt, earlier turns, a reused document), which a paged engine's prefix cache prefills once; 0: none.", s, Ids.NONE, "TOKENS",
                (b, v, n) -> b.prefixTokens((Integer) v));
        add("prefixHit", Type.SHARE, "", "1 with prefixTokens; else by scenario kind", "Share of requests that find that prefix cached,"
                        + " 0 to 1.", s, Ids.NONE, "H", (b, v, n) -> b.prefixHit((Double) v));
        add("speculator", Type.TEXT, "", "the model's heads the engine serves", "Speculative decoding: a draft model (a catalog model id"
                        + " sharing the vocabulary), or the model's eagle or mtp head; advise then tries it beside each plain candidate.", s,
                Ids.NONE, "ID|eagle|mtp", (b, v, n) -> b.speculator((String) v));
        add("draftTokens", Type.INT, "tokens", "the speculator's", "Tokens the speculator drafts per verification step.", s, Ids.NONE, "K",
                (b, v, n) -> b.draftTokens((Integer) v));
        add("acceptance", Type.SHARE, "", "the speculator's", "Chance a drafted token is accepted, in [0, 1).", s, Ids.NONE, "A",
                (b, v, n) -> b.acceptance((Double) v));
        add("disaggregate", Type.TEXT, "", "advise chooses x and y", "Disaggregated prefill and decode: the xPyD shape (x prefill, y decode"
                        + " workers, e.g. 3P1D) advise gives every candidate of x + y tensor-parallel replicas, or none: no split.", s, Ids.NONE,
                "xPyD|none", (b, v, n) -> b.disaggregate((String) v, n));
        add("documents", Type.LONG, "", "", "Offline: requests in the job.", s, Ids.NONE, "N", (b, v, n) -> b.documents((Long) v));
        add("deadlineHours", Type.NUMBER, "h", "", "Offline: hours the job may take.", s, Ids.NONE, "HOURS",
                (b, v, n) -> b.deadlineHours((Double) v), new Alias("deadline", "--deadline", false));
        add("extendContext", Type.TEXT, "", "", "Serve beyond the model's maximum context, saying how (e.g. 'YaRN factor 4'; a flag alone:"
                        + " RoPE scaling): a warning instead of an error.", s, Ids.NONE, "HOW", "RoPE scaling",
                (b, v, n) -> b.contextExtension((String) v));
        add("weights", Type.IDS, "", "fp16,fp8,int8,int4,q4_k_m", "Weight formats to consider.", p, Ids.FORMAT, "FORMAT",
                (b, v, n) -> b.weights(ids(v)));
        add("kv", Type.IDS, "", "fp16,fp8", "KV-cache formats to consider.", p, Ids.FORMAT, "FORMAT", (b, v, n) -> b.kv(ids(v)));
        add("gpus", Type.IDS, "", "the whole catalog", "GPU or server ids to consider.", p, Ids.HARDWARE, "ID", (b, v, n) -> b.gpus(ids(v)));
        add("engines", Type.IDS, "", "vllm,trtllm,llama.cpp", "Serving engines to consider.", p, Ids.ENGINE, "ID", (b, v, n) -> b.engines(ids(v)));
        add("maxGpus", Type.INT, "", String.valueOf(ScenarioBuilder.DEFAULT_MAX_GPUS), "Most GPUs per deployment.", p, Ids.NONE, "N",
                (b, v, n) -> b.maxGpus((Integer) v));
        add("deployment", Type.TEXT, "", "datacenter", "datacenter, workstation or any.", p, Ids.DEPLOYMENT, "WHERE",
                (b, v, n) -> b.deployment((String) v));
        add("singleNode", Type.FLAG, "", "false", "Keep each replica inside one node.", p, Ids.NONE, "",
                (b, v, n) -> b.allowMultiNode(!(Boolean) v), new Alias("multiNode", null, true));
        add("ttft", Type.TARGET, "ms", "from the thresholds table", "TTFT target: the mean, or a percentile of a simulated load with a rate"
                + " (2000@p99).", c, Ids.NONE, "MS[@pNN]", (b, v, n) -> target(v, n, b::ttft, b::ttftMs));
        add("tpot", Type.TARGET, "ms", "from the thresholds table", "TPOT target: the mean, or a percentile of a simulated load with a rate"
                + " (50@p90).", c, Ids.NONE, "MS[@pNN]", (b, v, n) -> target(v, n, b::tpot, b::tpotMs));
        add("minQuality", Type.TEXT, "", "from the thresholds table", "Lowest weight-format quality accepted: lossless, near-lossless,"
                + " small-loss or noticeable-loss (formats.yaml gives each format's class and its source).", c, Ids.NONE, "CLASS",
                (b, v, n) -> b.minQuality((String) v));
        add("throughput", Type.NUMBER, "tokens/s", "", "Output tokens/s the deployment must sustain.", c, Ids.NONE, "TOKENS/S",
                (b, v, n) -> b.throughput((Double) v));
        add("region", Type.TEXT, "", "", "Region for export rules, e.g. CN.", c, Ids.REGION, "CODE", (b, v, n) -> b.region((String) v));
        add("maxPowerW", Type.NUMBER, "W", "", "Power budget of the whole fleet: each node's GPUs, CPUs, NICs and fans where servers.yaml"
                + " gives the node's power, else GPU TDPs plus an assumed host (the message says which).", c, Ids.NONE, "WATTS",
                (b, v, n) -> b.maxPowerW((Double) v), new Alias("maxPower", "--max-power", false));
        add("maxUsdPerHour", Type.NUMBER, "USD", "", "Rental budget per hour.", c, Ids.NONE, "USD",
                (b, v, n) -> b.maxUsdPerHour((Double) v), new Alias("budgetPerHour", "--budget-per-hour", false));
        add("maxCapitalUsd", Type.NUMBER, "USD", "", "Purchase budget for the GPUs.", c, Ids.NONE, "USD",
                (b, v, n) -> b.maxCapitalUsd((Double) v), new Alias("capitalBudget", "--capital-budget", false));
        add("price", Type.TEXT, "", "the cheapest on-demand row, else owned, else any", "Which prices.yaml rows cost a GPU-hour: on-demand,"
                        + " reserved (1 year), reserved-3y, spot or owned (the amortised purchase rows); a GPU without a row of that kind has no price.",
                c, Ids.NONE, "KIND", (b, v, n) -> b.price((String) v, n));
        add("maxRackKw", Type.NUMBER, "kW", "assumptions.yaml: 15 air / 120 liquid", "Most kW one rack may draw.", Group.SITE, Ids.NONE, "KW",
                (b, v, n) -> b.site().maxRackKw((Double) v));
        add("racks", Type.INT, "", "", "Racks the site has for the fleet.", Group.SITE, Ids.NONE, "N", (b, v, n) -> b.site().racks((Integer) v));
        add("cooling", Type.TEXT, "", "", "How the site's racks are cooled: air or liquid.", Group.SITE, Ids.NONE, "air|liquid",
                (b, v, n) -> b.site().cooling((String) v));
    }

    private static final List<Field> PROCUREMENT = new ArrayList<>();

    // The procurement terms. Each default is catalog/assumptions.yaml's procurement: block, with its source there.
    static {
        Group site = Group.SITE;
        String defaults = "assumptions.yaml procurement: ";
        term("years", "years", defaults + "years", "Amortisation period of bought hardware.", "YEARS", (s, v) -> s.years(v));
        term("costOfCapital", "per year", defaults + "costOfCapital", "Annual cost of capital, e.g. 0.08.", "RATE", (s, v) -> s.costOfCapital(v));
        term("usdPerKwh", "USD", defaults + "usdPerKwh", "Electricity tariff per kWh.", "USD", (s, v) -> s.usdPerKwh(v));
        term("pue", "", defaults + "pue", "Power usage effectiveness, facility over IT power.", "RATIO", (s, v) -> s.pue(v));
        term("hostingUsdPerKwMonth", "USD", defaults + "hostingUsdPerKwMonth", "Colocation $ per kW of IT load per month.", "USD",
                (s, v) -> s.hostingUsdPerKwMonth(v), new Alias(null, "--hosting", false));
        term("utilisation", "", defaults + "utilisation", "Share of the month the fleet serves the modelled load.", "SHARE",
                (s, v) -> s.utilisation(v));
        term("supportSharePerYear", "", defaults + "supportSharePerYear", "Support and maintenance per year, share of the purchase.", "SHARE",
                (s, v) -> s.supportSharePerYear(v), new Alias(null, "--support", false));
        term("residualShare", "", defaults + "residualShare", "Worth at the end of the period, share of the purchase.", "SHARE",
                (s, v) -> s.residualShare(v), new Alias(null, "--residual", false));
        PROCUREMENT.add(new Field("priceKinds", Type.IDS, "", defaults + "priceKinds", "Rental kinds to compare: on-demand, reserved-1y,"
                + " reserved-3y, spot.", site, Ids.NONE, "KIND", null, List.of(), (b, v, n) -> b.site().priceKinds(ids(v)), null));
        PROCUREMENT.add(new Field("quotes", Type.QUOTES, "USD", "", "A company quote: a server id's price per node or a GPU id's price per"
                + " GPU (the flag repeats: --quote ID=USD).", site, Ids.NONE, "ID=USD", null, List.of(), ScenarioSchema::quotes, "--quote"));
        term("growthPerMonth", "", "", "Traffic growth per month, e.g. 0.05 for 5 % (compounded).", "SHARE",
                (s, v) -> s.growthPerMonth(v), new Alias(null, "--growth", false));
        term("growthPerQuarter", "", "", "Traffic growth per quarter, e.g. 0.15 for 15 % (compounded).", "SHARE",
                (s, v) -> s.growthPerQuarter(v));
    }

    /** A number term: {@code set} checks its range on the builder's procurement block. */
    private static void term(String key, String unit, String defaultText, String doc, String label,
                             java.util.function.ObjDoubleConsumer<FacilityAndProcurement> set, Alias... aliases) {
        PROCUREMENT.add(new Field(key, Type.NUMBER, unit, defaultText, doc, Group.SITE, Ids.NONE, label, null, List.of(aliases),
                (b, v, n) -> set.accept(b.site(), (Double) v), null));
    }

    /** Quotes as a map of id to USD: numbers (YAML, Groovy) or text (a flag's ID=USD), {@code spelled} naming it in messages. */
    private static void quotes(ScenarioBuilder b, Object value, String spelled) {
        ((java.util.Map<?, ?>) value).forEach((id, usd) -> {
            double price;
            try {
                price = usd instanceof Number n ? n.doubleValue() : Double.parseDouble(usd.toString().trim());
            } catch (NumberFormatException e) {
                throw new BadInputException(spelled + " " + id + "=" + usd + ": the price must be a number of USD");
            }
            b.site().quote(id.toString(), price);
        });
    }

    /** The procurement terms, in the order the docs list them and the front ends apply them (after {@link #fields()}). */
    public static List<Field> procurementFields() {
        return List.copyOf(PROCUREMENT);
    }

    /** The procurement term {@code key} names in YAML or Groovy. */
    public static Optional<Field> procurementByKey(String key) {
        return PROCUREMENT.stream().filter(f -> f.keys().contains(key)).findFirst();
    }

    /** Every field, in the order the docs list them and the front ends apply them. */
    public static List<Field> fields() {
        return List.copyOf(FIELDS);
    }

    /** The field {@code key} names in YAML or Groovy, old spellings included. */
    public static Optional<Field> byKey(String key) {
        return FIELDS.stream().filter(f -> f.keys().contains(key)).findFirst();
    }

    /** Every YAML key / Groovy keyword of the fields, old spellings included. */
    public static List<String> keys() {
        return FIELDS.stream().flatMap(f -> f.keys().stream()).toList();
    }

    /** The warning an old spelling gets: "--deadline is an old name for --deadline-hours: write that" and the like. */
    public static String oldName(String old, String now, boolean inverted) {
        return old + " is an old name" + (inverted ? " of the opposite" : " for") + " " + now + ": write " + now
                + (inverted ? " (" + old + " false = " + now + " true)" : " (it still works, for now)");
    }

    /** camelCase to kebab-case: maxUsdPerHour -> max-usd-per-hour. */
    public static String kebab(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The README's "Scenario fields" table: one row a field (a test keeps README and this in step). */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| YAML key / Groovy keyword | flag | value | default | meaning | old spelling (still read, warns) |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Field f : FIELDS) {
            String value = f.type().shown() + (f.unit().isEmpty() ? "" : ", " + f.unit());
            List<String> old = new ArrayList<>();
            for (Alias a : f.aliases()) {
                old.add("`" + a.key() + "`" + (a.flag() == null ? "" : " / `" + a.flag() + "`") + (a.inverted() ? " (the opposite)" : ""));
            }
            md.append("| `").append(f.key()).append("` | `").append(f.flag()).append("` | ").append(value).append(" | ")
                    .append(f.defaultText()).append(" | ").append(f.doc().replace("|", "\\|")).append(" | ")
                    .append(String.join(", ", old)).append(" |\n");
        }
        return md.toString();
    }

    private static void add(String key, Type type, String unit, String defaultText, String doc, Group group, Ids ids, String label,
                            Setter setter, Alias... aliases) {
        add(key, type, unit, defaultText, doc, group, ids, label, null, setter, aliases);
    }

    private static void add(String key, Type type, String unit, String defaultText, String doc, Group group, Ids ids, String label,
                            String fallback, Setter setter, Alias... aliases) {
        FIELDS.add(new Field(key, type, unit, defaultText, doc, group, ids, label, fallback, List.of(aliases), setter, null));
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Object value) {
        return (List<String>) value;
    }

    /** A number is the mean in ms; text is "2000" (the mean) or "2000@p99" (a percentile); {@code spelled} names it in messages. */
    private static void target(Object value, String spelled, java.util.function.Consumer<LatencyTarget> percentile,
                               java.util.function.DoubleConsumer mean) {
        if (value instanceof Number ms) {
            mean.accept(ms.doubleValue());
            return;
        }
        String text = value.toString();
        if (text.contains("@")) {
            percentile.accept(LatencyTarget.parse(spelled, text));
            return;
        }
        try {
            mean.accept(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            throw new BadInputException(spelled + " must be milliseconds, optionally @p50/@p90/@p99 (e.g. 2000@p99), got '" + text + "'");
        }
    }
}
