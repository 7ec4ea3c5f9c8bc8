package dev.infera.rules;


import dev.infera.BadInputException;
import dev.infera.plan.Candidate;
import dev.infera.workload.Constraints;
import dev.infera.workload.Thresholds;
import dev.infera.workload.Workload;
import org.drools.ancompiler.CompiledNetwork;
import org.drools.ancompiler.CompiledNetworkSources;
import org.drools.ancompiler.ObjectTypeNodeCompiler;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.core.impl.InternalRuleBase;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ThreadSafeOption;
import org.kie.memorycompiler.JavaConfiguration;
import org.kie.memorycompiler.KieMemoryCompiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The rules folder compiled into one Drools KieBase at run time: every .drl, .dsl/.dslr and
 * decision table (.drl.csv, .drl.xls, .drl.xlsx) is read from disk, so editing a rule needs no
 * rebuild. A folder with any error does not load at all; errors come back as
 * {@code file:line: message}.
 */
public final class RuleBase {
    /** Where files go inside the in-memory KieFileSystem; stripped again from messages. */
    private static final String RESOURCE_ROOT = "src/main/resources/rules/";

    private final Path folder;
    private final KieBase kieBase;
    private final List<RuleInfo> rules;
    private final String fingerprint;
    private final boolean declaresFindings;
    private final java.util.Set<String> shownOnly;
    private final boolean cached;

    private RuleBase(Path folder, KieBase kieBase, List<RuleInfo> rules, String fingerprint, boolean cached) {
        this.folder = folder;
        this.cached = cached;
        this.kieBase = kieBase;
        this.rules = rules;
        this.fingerprint = fingerprint;
        this.declaresFindings = kieBase.getKiePackages().stream().anyMatch(p -> p.getGlobalVariables().stream()
                .anyMatch(g -> g.getName().equals("findings")));
        this.shownOnly = shownOnly(kieBase);
    }

    /** One rule as `infera rules list` shows it. */
    public record RuleInfo(String name, String file, String family, String description) {}

    /** The outcome of compiling a folder: the rule base, or the errors that stopped it, plus warnings. */
    public record Compilation(RuleBase ruleBase, List<String> errors, List<String> warnings) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * How Drools tests the conditions on a single fact (its alpha network): the same rules and
     * findings either way, a trade of start-up time for speed per candidate.
     */
    public enum Network {
        /** Drools' graph of condition nodes: ready as soon as the rules compile; for one advice. */
        NODES,
        /**
         * The graph compiled into one Java class per fact type (Drools' alpha-network compiler): about
         * 0.2 s more to load, about a fifth less rules time per candidate; for sweeps and benchmarks.
         */
        COMPILED
    }

    /** Compiles {@code folder}; any error is a BadInputException listing them (first one first). */
    public static RuleBase load(Path folder) {
        return load(folder, Network.NODES);
    }

    /** As {@link #load(Path)}, with the alpha network built as {@code network} says. */
    public static RuleBase load(Path folder, Network network) {
        Compilation result = compile(folder, network);
        if (!result.ok()) {
            String more = result.errors().size() > 1 ? " (and " + (result.errors().size() - 1) + " more; run `infera rules check`)" : "";
            throw new BadInputException(result.errors().get(0) + more);
        }
        return result.ruleBase();
    }

    public static Compilation compile(Path folder) {
        return compile(folder, Network.NODES);
    }

    private static Compilation compile(Path folder, Network network) {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(folder + ": rules folder not found (use --rules DIR)");
        }
        List<Path> files = ruleFiles(folder);
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        // Infera's own checks first: a .dslr line no phrase matches, or a table the compiler cannot
        // read, is reported at its own line or row, not at the DRL Drools would make of it.
        Map<String, String> tableDrl = new HashMap<>();
        try {
            Vocabulary vocabulary = Vocabulary.of(files.stream().filter(f -> hasExtension(f, ".dsl")).toList());
            errors.addAll(vocabulary.shadowed());
            for (Path file : files) {
                if (hasExtension(file, ".dslr")) {
                    errors.addAll(vocabulary.errors(file, new HashSet<>()));
                } else if (DecisionTables.isTable(file.getFileName().toString())) {
                    tableDrl.put(file.getFileName().toString(), DecisionTables.drl(file, read(file)));
                }
            }
        } catch (BadInputException e) {
            errors.add(e.getMessage());
        }
        if (!errors.isEmpty()) {
            return new Compilation(null, errors, warnings);
        }
        KieServices services = KieServices.Factory.get();
        KieFileSystem fileSystem = services.newKieFileSystem();
        for (Path file : files) {
            String target = RESOURCE_ROOT + file.getFileName();
            if (DecisionTables.isTable(file.getFileName().toString())) {
                fileSystem.write(DecisionTables.resource(file, read(file), target));
            } else {
                fileSystem.write(target, read(file));
            }
        }
        KieBuilder builder = services.newKieBuilder(fileSystem).buildAll();
        for (Message message : builder.getResults().getMessages()) {
            String line = describe(folder, message, tableDrl);
            if (message.getLevel() == Message.Level.ERROR) {
                if (!errors.contains(line)) {
                    errors.add(line);
                }
            } else if (message.getLevel() == Message.Level.WARNING && !warnings.contains(line)) {
                warnings.add(line);
            }
        }
        if (!errors.isEmpty()) {
            return new Compilation(null, errors, warnings);
        }
        KieContainer container = services.newKieContainer(builder.getKieModule().getReleaseId());
        KieBase kieBase = container.getKieBase();
        if (network == Network.COMPILED) {
            String notCompiled = compileAlphaNetwork(kieBase);
            if (notCompiled != null) {
                warnings.add(folder + ": the alpha network did not compile (" + notCompiled + "); the rules run on Drools' node graph, slower, with the same findings");
            }
        }
        List<RuleInfo> rules = ruleInfos(kieBase);
        errors.addAll(customOperators(folder, kieBase, rules));
        if (!errors.isEmpty()) {
            return new Compilation(null, errors, warnings);
        }
        return new Compilation(new RuleBase(folder, kieBase, List.copyOf(rules), fingerprint(files), false), errors, warnings);
    }

    private static List<RuleInfo> ruleInfos(KieBase kieBase) {
        List<RuleInfo> rules = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                // Drools resolves @description to Kie's own annotation and keys it by that class name.
                Object description = rule.getMetaData().getOrDefault("description",
                        rule.getMetaData().get(org.kie.api.definition.type.Description.class.getName()));
                rules.add(new RuleInfo(rule.getName(), sourceFile(rule), familyOf(rule),
                        description == null ? "" : description.toString().replaceAll("^\"|\"$", "")));
            }
        }
        rules.sort(Comparator.comparing(RuleInfo::file).thenComparing(RuleInfo::name));
        return List.copyOf(rules);
    }

    /**
     * As {@link #load(Path, Network)}, through {@code cache}: the compiled packages stored under this
     * folder's fingerprint (and this build's) are used when present and sound; otherwise the folder is
     * compiled as always and, when it compiled, stored for the next run. Errors are never cached.
     */
    public static RuleBase load(Path folder, Network network, RuleCache cache) {
        if (!cache.enabled()) {
            return load(folder, network);
        }
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(folder + ": rules folder not found (use --rules DIR)");
        }
        List<Path> files = ruleFiles(folder);
        String fingerprint = fingerprint(files);
        String key = RuleCache.key(fingerprint);
        RuleBase cached = fromCache(folder, network, cache, key, fingerprint, files);
        if (cached != null) {
            return cached;
        }
        RuleBase built = load(folder, network);
        // A file edited while it compiled: what was compiled is not what the key says; store nothing.
        if (built.fingerprint.equals(fingerprint)) {
            cache.write(key, built.kieBase.getKiePackages());
        }
        return built;
    }

    /** The rule base from the cache's packages, or null when there are none or they do not make one. */
    private static RuleBase fromCache(Path folder, Network network, RuleCache cache, String key, String fingerprint, List<Path> files) {
        try {
            org.drools.kiesession.rulebase.InternalKnowledgeBase kieBase = org.drools.kiesession.rulebase.KnowledgeBaseFactory.newKnowledgeBase();
            List<KiePackage> packages = cache.read(key, kieBase.getRootClassLoader());
            if (packages == null) {
                return null;
            }
            kieBase.addPackages(packages);
            List<RuleInfo> rules = ruleInfos(kieBase);
            // Every rule must come from a file of this folder: an entry from elsewhere is not used.
            java.util.Set<String> names = new HashSet<>();
            files.forEach(f -> names.add(f.getFileName().toString()));
            if (rules.isEmpty() || !rules.stream().allMatch(r -> names.contains(r.file()))) {
                return null;
            }
            if (network == Network.COMPILED) {
                compileAlphaNetwork(kieBase);
            }
            return new RuleBase(folder, kieBase, rules, fingerprint, true);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Drools 10.2 compiles a condition with a custom operator ({@code gpuName str[startsWith] "NVIDIA"})
     * but fails inside its MVEL evaluator the first time the condition runs (NoSuchMethodError): said
     * here, at the rule, rather than as a stack trace part way through an advice.
     */
    private static List<String> customOperators(Path folder, KieBase kieBase, List<RuleInfo> infos) {
        List<String> errors = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                patterns(rule).stream().flatMap(RuleBase::mvelConstraints).filter(c -> c.getOperators().length > 0).findFirst().ifPresent(c -> {
                    String where = where(folder, infos, rule.getName());
                    String operator = c.getOperators()[0].getOperator().getOperatorString();
                    errors.add(where + ": rule '" + rule.getName() + "': the custom operator '" + operator
                            + "' fails inside Drools when the rule runs; test with matches instead (gpuName matches \"NVIDIA.*\")");
                });
            }
        }
        return errors;
    }

    /** Every pattern of a rule's conditions, nested ones (not, exists, or) included. */
    private static List<org.drools.base.rule.Pattern> patterns(Rule rule) {
        List<org.drools.base.rule.Pattern> patterns = new ArrayList<>();
        collectPatterns(((RuleImpl) rule).getLhs(), patterns);
        return patterns;
    }

    private static void collectPatterns(org.drools.base.rule.RuleConditionElement element, List<org.drools.base.rule.Pattern> patterns) {
        if (element instanceof org.drools.base.rule.Pattern pattern) {
            patterns.add(pattern);
        }
        for (org.drools.base.rule.RuleConditionElement nested : element.getNestedElements()) {
            collectPatterns(nested, patterns);
        }
    }

    /** The pattern's class, or null for a pattern over something else (an entry point, a query). */
    private static Class<?> factType(org.drools.base.rule.Pattern pattern) {
        return pattern.getObjectType() instanceof org.drools.base.base.ClassObjectType type ? type.getClassType() : null;
    }

    private static Stream<org.drools.mvel.MVELConstraint> mvelConstraints(org.drools.base.rule.Pattern pattern) {
        return pattern.getConstraints().stream().filter(c -> c instanceof org.drools.mvel.MVELConstraint).map(c -> (org.drools.mvel.MVELConstraint) c);
    }

    /**
     * Replaces each fact type's alpha network with generated Java (Drools' alpha-network compiler):
     * one method tests a fact against every condition in turn instead of walking node objects. The
     * classes are compiled with ECJ, which the rule build has already loaded (javac would take ~0.5 s more).
     * Returns null when done; otherwise why not, and the node graph stays as it was: it is the
     * reference the compiled network must agree with, so falling back changes speed, not advice.
     */
    private static String compileAlphaNetwork(KieBase kieBase) {
        Map<String, CompiledNetworkSources> networks;
        Map<String, Class<?>> compiled = new HashMap<>();
        try {
            networks = ObjectTypeNodeCompiler.compiledNetworkSourceMap(((InternalRuleBase) kieBase).getRete());
            Map<String, String> sources = new HashMap<>();
            networks.forEach((name, network) -> sources.put(name, network.getSource()));
            ClassLoader parent = ((InternalRuleBase) kieBase).getRootClassLoader();
            KieMemoryCompiler.MemoryCompilerClassLoader classes = new KieMemoryCompiler.MemoryCompilerClassLoader(parent);
            KieMemoryCompiler.compileNoLoad(sources, parent, JavaConfiguration.CompilerType.ECLIPSE).forEach(classes::addCode);
            for (CompiledNetworkSources network : networks.values()) {
                compiled.put(network.getName(), classes.loadClass(network.getName()));
            }
        } catch (RuntimeException | ClassNotFoundException | LinkageError e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        // Every class compiled and loaded: only now does any fact type switch to its compiled network.
        networks.values().forEach(network -> network.createInstanceAndSet(compiled.get(network.getName())));
        return null;
    }

    /** The files the loader reads: .drl, .dsl, .dslr and decision tables named *.drl.csv / .drl.xls / .drl.xlsx. */
    public static List<Path> ruleFiles(Path folder) {
        try (Stream<Path> stream = Files.list(folder)) {
            return stream.filter(Files::isRegularFile).filter(f -> isRuleFile(f.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(folder + ": cannot list: " + e.getMessage(), e);
        }
    }

    public static boolean isRuleFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".drl") || lower.endsWith(".dsl") || lower.endsWith(".dslr")
                || lower.endsWith(".drl.csv") || lower.endsWith(".drl.xls") || lower.endsWith(".drl.xlsx");
    }

    /** {@code file:line: message}; for a decision table the line is the table's row, not the generated DRL's. */
    private static String describe(Path folder, Message message, Map<String, String> tableDrl) {
        String path = message.getPath() == null ? "" : message.getPath();
        String file = path.substring(path.lastIndexOf('/') + 1);
        String text = message.getText() == null ? "" : message.getText().replaceAll("\\s+", " ").trim();
        String where = file.isEmpty() ? folder.toString() : folder.resolve(file).toString();
        int line = message.getLine();
        if (tableDrl.containsKey(file)) {
            line = DecisionTables.rowOf(tableDrl.get(file), line);
            text = "decision table row: " + text;
        }
        return line > 0 ? where + ":" + line + ": " + text : where + ": " + text;
    }

    private static boolean hasExtension(Path file, String extension) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(extension);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The rule's file name without extension: one file per family of heuristics. */
    static String familyOf(Rule rule) {
        String file = sourceFile(rule);
        int dot = file.indexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private static String sourceFile(Rule rule) {
        if (rule instanceof RuleImpl impl && impl.getResource() != null && impl.getResource().getSourcePath() != null) {
            String path = impl.getResource().getSourcePath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
        return rule.getPackageName();
    }

    /** The full SHA-256 (hex) over the names and bytes of {@code folder}'s rule files, as the cache keys them. */
    static String fullFingerprint(Path folder) {
        return fingerprint(ruleFiles(folder));
    }

    private static String fingerprint(List<Path> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                digest.update(file.getFileName().toString().getBytes());
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new BadInputException("cannot read rules: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path folder() { return folder; }
    public List<RuleInfo> rules() { return rules; }
    /** The first 16 hex digits of the SHA-256 over the rule files' names and bytes. */
    public String fingerprint() { return fingerprint.substring(0, 16); }

    /** Whether this rule base came from the cache's compiled packages rather than a compilation. */
    public boolean cached() { return cached; }

    /** Whether any rule file declares {@code global dev.infera.rules.Findings findings}. */
    public boolean declaresFindings() {
        return declaresFindings;
    }

    /**
     * A session lives on one thread (a rule run opens, fires and disposes it there; sweeps share the
     * KieBase, never a session), so it needs none of Drools' locking: without it each insert and
     * firing skips a synchronized queue and lock (rules stage ~5 % faster, the same findings).
     */
    private static final KieSessionConfiguration ONE_THREAD = oneThread();

    private static KieSessionConfiguration oneThread() {
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ThreadSafeOption.NO);
        return conf;
    }

    public KieSession newSession() {
        return kieBase.newKieSession(ONE_THREAD, null);
    }

    /**
     * Rules that join a scenario fact (Workload, Constraints, Thresholds) with Candidate: Drools
     * then puts every candidate into a join memory, where the same condition written on the
     * candidate ({@code - serves interactive work}) is a cheap test in the alpha network.
     */
    public List<RuleInfo> scenarioJoins() {
        List<RuleInfo> joins = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                List<Class<?>> types = patterns(rule).stream().map(RuleBase::factType).filter(java.util.Objects::nonNull).toList();
                boolean candidate = types.contains(Candidate.class);
                boolean scenario = types.stream().anyMatch(SCENARIO_FACTS::contains);
                if (candidate && scenario) {
                    rules.stream().filter(r -> r.name().equals(rule.getName())).findFirst().ifPresent(joins::add);
                }
            }
        }
        return joins;
    }

    /**
     * Names of the rules that run only for shown candidates: a Candidate pattern of theirs tests
     * {@code shown} ({@code the shown candidate runs and fits}). Only notes and warnings may.
     */
    public java.util.Set<String> shownOnly() {
        return shownOnly;
    }

    private static java.util.Set<String> shownOnly(KieBase kieBase) {
        java.util.Set<String> names = new HashSet<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                if (testsShown(rule)) {
                    names.add(rule.getName());
                }
            }
        }
        return java.util.Set.copyOf(names);
    }

    private static final java.util.regex.Pattern SHOWN = java.util.regex.Pattern.compile("\\bshown\\b");

    private static boolean testsShown(Rule rule) {
        return patterns(rule).stream().filter(p -> factType(p) == Candidate.class).flatMap(RuleBase::mvelConstraints)
                .anyMatch(c -> SHOWN.matcher(c.getExpression()).find());
    }

    /** {@code file:line} of a rule, for messages about it. */
    public String where(String ruleName) {
        return place(ruleName).toString();
    }

    /** Where the rule {@code ruleName} is written: its file and line (0 when not found), or the folder for an unknown rule. */
    public Place place(String ruleName) {
        return rules.stream().filter(r -> r.name().equals(ruleName)).findFirst()
                .map(r -> place(folder, r)).orElse(new Place(folder.toString(), 0));
    }

    private static String where(Path folder, List<RuleInfo> rules, String ruleName) {
        return rules.stream().filter(r -> r.name().equals(ruleName)).findFirst()
                .map(r -> where(folder, r)).orElse(folder.toString());
    }

    /** A rule's file and line; {@code toString} is {@code file:line}, or the file alone when the line is 0. */
    public record Place(String file, int line) {
        @Override
        public String toString() {
            return line > 0 ? file + ":" + line : file;
        }
    }

    private static final java.util.regex.Pattern RULE_LINE = java.util.regex.Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"");

    /** {@code file:line} of the rule's {@code rule "NAME"} line, or of the decision-table row it names; the file alone where neither is found. */
    public static String where(Path folder, RuleInfo rule) {
        return place(folder, rule).toString();
    }

    private static Place place(Path folder, RuleInfo rule) {
        Path file = folder.resolve(rule.file());
        boolean table = hasExtension(file, ".csv");
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                java.util.regex.Matcher m = RULE_LINE.matcher(line);
                boolean named = table ? line.startsWith(rule.name() + ",") || line.startsWith("\"" + rule.name() + "\",")
                        : m.find() && m.group(1).equals(rule.name());
                if (named) {
                    return new Place(file.toString(), i + 1);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // an unreadable file (a spreadsheet): name the file only
        }
        return new Place(file.toString(), 0);
    }

    private static final java.util.Set<Class<?>> SCENARIO_FACTS = java.util.Set.of(Workload.class, Constraints.class, Thresholds.class);

    /** How the alpha network is built, as Drools holds it: COMPILED once a compiled class tests some fact type. */
    public Network network() {
        boolean compiled = ((InternalRuleBase) kieBase).getRete().getObjectTypeNodes().stream()
                .anyMatch(node -> node.getObjectSinkPropagator() instanceof CompiledNetwork);
        return compiled ? Network.COMPILED : Network.NODES;
    }

    KieBase kieBase() {
        return kieBase;
    }
}
