package dev.infera.ruletest;

import dev.infera.advice.ArchitectureLabel;
import dev.infera.rules.MessageTemplate;

import dev.infera.BadInputException;
import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.advice.Recommendation;
import dev.infera.advice.Rejection;
import dev.infera.catalog.Catalog;
import dev.infera.text.Ids;
import dev.infera.catalog.YamlNode;
import dev.infera.plan.Candidate;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioFile;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Rule tests: YAML files in {@code rules/tests/} that give a scenario and what the rules must
 * conclude about it, so that an architect knows a change is right before relying on it.
 * <pre>
 * - name: TP over PCIe is penalised
 *   scenario: {model: llama-3-70b, scenario: chat, context: 8192, gpus: [l40s-48g]}
 *   fires:                                   # rules that must fire (optionally on a matching candidate)
 *     - Avoid tensor parallelism without NVLink
 *     - {rule: Avoid tensor parallelism without NVLink, on: {gpu: l40s-48g, tp: 2}}
 *   doesNotFire: [Tensor parallelism over NVLink adds bandwidth]
 *   rejects: [{rule: The model must fit in GPU memory, on: {tp: 1, weights: fp16}}]
 *   top: {gpu: l40s-48g, weights: fp8}       # the winner's architecture
 *   ranksAbove: [{above: {tp: 1}, below: {tp: 4}}]
 * </pre>
 * A filter's keys are candidate properties (gpu, tp, pp, replicas, gpus, weights, kv, engine, ...).
 */
public final class RuleTests {
    static final Set<String> FIELDS = Set.of("name", "scenario", "fires", "doesNotFire", "rejects", "top", "ranksAbove");

    /** Candidates whose properties equal the given values. */
    public record Filter(Map<String, String> fields) {
        static final Filter ANY = new Filter(Map.of());

        public boolean matches(Candidate c) {
            for (Map.Entry<String, String> field : fields.entrySet()) {
                Object value = invoke(MessageTemplate.getter(field.getKey()), c);
                boolean equal = value instanceof Number n
                        ? n.doubleValue() == Double.parseDouble(field.getValue())
                        : String.valueOf(value).equalsIgnoreCase(field.getValue());
                if (!equal) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return fields.isEmpty() ? "any candidate" : fields.toString().replace("=", ": ");
        }
    }

    public record Firing(String rule, Filter on, int line) {}

    public record Order(Filter above, Filter below, int line) {}

    public record Case(Path file, int line, String name, Scenario scenario, List<Firing> fires, List<Firing> doesNotFire,
                       List<Firing> rejects, Filter top, List<Order> ranksAbove) {
        public String where() {
            return file + ":" + line;
        }
    }

    /** A case's outcome: the failures (empty when it passed) and every rule that fired. */
    public record Result(Case testCase, List<String> failures, Set<String> fired) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private RuleTests() {}

    /** The test files of a rules folder: {@code DIR/tests/*.yaml}. */
    public static List<Path> files(Path rulesFolder) {
        Path tests = rulesFolder.resolve("tests");
        if (!Files.isDirectory(tests)) {
            return List.of();
        }
        try (Stream<Path> stream = Files.list(tests)) {
            return stream.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(tests + ": cannot list: " + e.getMessage(), e);
        }
    }

    /** Reads every case; any malformed case or unknown rule name is a BadInputException at its line. */
    public static List<Case> read(List<Path> files, Set<String> ruleNames, Catalog catalog) {
        List<Case> cases = new ArrayList<>();
        for (Path file : files) {
            YamlNode root = YamlNode.parse(file, file.toString());
            if (root.isMissing()) {
                continue;
            }
            for (YamlNode item : root.items()) {
                item.onlyKeys(FIELDS);
                YamlNode scenarioNode = item.get("scenario");
                if (scenarioNode.isMissing()) {
                    throw item.error("missing field 'scenario'");
                }
                Scenario scenario = ScenarioFile.read(scenarioNode).build();
                known(scenarioNode.get("model"), catalog.modelIds(), "model");
                for (YamlNode gpu : scenarioNode.get("gpus").items()) {
                    if (!catalog.hasGpu(gpu.text().trim()) && !catalog.hasServer(gpu.text().trim())) {
                        known(gpu, catalog.gpuIds(), "GPU or server");
                    }
                }
                cases.add(new Case(file, item.line(), item.requiredString("name"), scenario,
                        firings(item.get("fires"), ruleNames, true, catalog), firings(item.get("doesNotFire"), ruleNames, true, catalog),
                        firings(item.get("rejects"), ruleNames, false, catalog),
                        item.get("top").isMissing() ? null : filter(item.get("top"), catalog), orders(item.get("ranksAbove"), catalog)));
            }
        }
        return cases;
    }

    /** Names of the rules some case lists under {@code fires}: `infera rules check` and the build want every rule there. */
    public static Set<String> namedInFires(List<Case> cases) {
        Set<String> named = new HashSet<>();
        cases.forEach(c -> c.fires().forEach(f -> named.add(f.rule())));
        return named;
    }

    public static Result run(Case testCase, Advisor advisor) {
        Map<String, Set<Integer>> firedOn = new HashMap<>();
        Advice advice;
        try {
            advice = advisor.advise(testCase.scenario(), new DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    Set<Integer> on = firedOn.computeIfAbsent(event.getMatch().getRule().getName(), k -> new HashSet<>());
                    for (Object fact : event.getMatch().getObjects()) {
                        if (fact instanceof Candidate c) {
                            on.add(c.getId());
                        }
                    }
                }
            });
        } catch (BadInputException e) {
            // An unknown model or GPU in the scenario: the test's own line, not a bare id.
            throw e.locatedAt(testCase.file().toString(), testCase.line());
        }
        Map<Integer, Candidate> byId = new LinkedHashMap<>();
        advice.ranked().forEach(r -> byId.put(r.candidate().getId(), r.candidate()));
        advice.rejected().forEach(r -> byId.put(r.candidate().getId(), r.candidate()));
        List<String> failures = new ArrayList<>();
        for (Firing f : testCase.fires()) {
            if (!fired(firedOn, byId, f)) {
                failures.add("line " + f.line() + ": expected '" + f.rule() + "' to fire on " + f.on() + "; it did not"
                        + (firedOn.containsKey(f.rule()) ? " (it fired on " + firedOn.get(f.rule()).size() + " other candidate(s))" : ""));
            }
        }
        for (Firing f : testCase.doesNotFire()) {
            if (fired(firedOn, byId, f)) {
                Candidate example = firedOn.get(f.rule()).stream().map(byId::get).filter(c -> c != null && f.on().matches(c)).findFirst().orElse(null);
                failures.add("line " + f.line() + ": expected '" + f.rule() + "' not to fire on " + f.on() + "; it fired"
                        + (example != null ? " (e.g. on " + example + ")" : ""));
            }
        }
        for (Firing f : testCase.rejects()) {
            boolean rejected = advice.rejected().stream().anyMatch(r -> f.on().matches(r.candidate())
                    && (f.rule() == null || r.reasons().stream().anyMatch(reason -> reason.rule().equals(f.rule()))));
            if (!rejected) {
                failures.add("line " + f.line() + ": expected " + f.on() + " to be rejected" + (f.rule() != null ? " by '" + f.rule() + "'" : "")
                        + "; " + rejectionsOf(advice, f.on()));
            }
        }
        if (testCase.top() != null) {
            Recommendation winner = advice.winner();
            if (winner == null || !testCase.top().matches(winner.candidate())) {
                failures.add("expected the top recommendation to match " + testCase.top() + "; it is "
                        + (winner == null ? "nothing (every candidate was rejected)" : ArchitectureLabel.of(winner.candidate())
                        + " (the best match ranks " + bestRank(advice, testCase.top()) + ")"));
            }
        }
        for (Order order : testCase.ranksAbove()) {
            int above = bestRank(advice, order.above());
            int below = bestRank(advice, order.below());
            if (above >= below) {
                failures.add("line " + order.line() + ": expected " + order.above() + " (best rank " + rank(above) + ") to rank above "
                        + order.below() + " (best rank " + rank(below) + ")");
            }
        }
        return new Result(testCase, failures, firedOn.keySet());
    }

    private static boolean fired(Map<String, Set<Integer>> firedOn, Map<Integer, Candidate> byId, Firing f) {
        Set<Integer> on = firedOn.get(f.rule());
        if (on == null) {
            return false;
        }
        return f.on().fields().isEmpty() || on.stream().map(byId::get).anyMatch(c -> c != null && f.on().matches(c));
    }

    private static String rejectionsOf(Advice advice, Filter filter) {
        List<Rejection> matching = advice.rejected().stream().filter(r -> filter.matches(r.candidate())).toList();
        if (matching.isEmpty()) {
            long viable = advice.ranked().stream().filter(r -> filter.matches(r.candidate())).count();
            return viable == 0 ? "no candidate matches the filter" : viable + " matching candidate(s) are viable";
        }
        return "matching candidates were rejected by " + matching.stream().flatMap(r -> r.reasons().stream()).map(r -> "'" + r.rule() + "'")
                .distinct().limit(3).toList();
    }

    /** The best (lowest) rank of a viable candidate matching {@code filter}; MAX_VALUE when none. */
    static int bestRank(Advice advice, Filter filter) {
        return advice.ranked().stream().filter(r -> filter.matches(r.candidate())).mapToInt(Recommendation::rank).min().orElse(Integer.MAX_VALUE);
    }

    private static String rank(int rank) {
        return rank == Integer.MAX_VALUE ? "none viable" : "#" + rank;
    }

    private static void known(YamlNode id, Collection<String> ids, String what) {
        if (!id.isMissing() && !ids.contains(id.text().trim())) {
            throw id.error(Ids.unknown(what, id.text().trim(), ids));
        }
    }

    private static List<Firing> firings(YamlNode list, Set<String> ruleNames, boolean ruleRequired, Catalog catalog) {
        List<Firing> firings = new ArrayList<>();
        for (YamlNode item : list.items()) {
            String rule;
            Filter on = Filter.ANY;
            if (item.isMapping()) {
                item.onlyKeys(Set.of("rule", "on"));
                rule = ruleRequired ? item.requiredString("rule") : item.optionalString("rule");
                if (!item.get("on").isMissing()) {
                    on = filter(item.get("on"), catalog);
                }
            } else {
                rule = item.text().trim();
            }
            if (rule != null && !ruleNames.contains(rule)) {
                throw item.error("no rule named '" + rule + "' (see `infera rules list`)");
            }
            firings.add(new Firing(rule, on, item.line()));
        }
        return firings;
    }

    private static List<Order> orders(YamlNode list, Catalog catalog) {
        List<Order> orders = new ArrayList<>();
        for (YamlNode item : list.items()) {
            item.onlyKeys(Set.of("above", "below"));
            if (item.get("above").isMissing() || item.get("below").isMissing()) {
                throw item.error("ranksAbove entries need both above: and below: filters");
            }
            orders.add(new Order(filter(item.get("above"), catalog), filter(item.get("below"), catalog), item.line()));
        }
        return orders;
    }

    private static Filter filter(YamlNode node, Catalog catalog) {
        if (!node.isMapping()) {
            throw node.error("a candidate filter is a mapping such as {gpu: h100-sxm-80g, tp: 2}");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String key : node.keys()) {
            Method getter = MessageTemplate.getter(key);
            if (getter == null) {
                throw node.get(key).error("unknown candidate property '" + key + "' in a filter (gpu, tp, pp, replicas, gpus, weights, kv, engine, ...)");
            }
            String value = node.get(key).text().trim();
            if (Number.class.isAssignableFrom(box(getter.getReturnType()))) {
                try {
                    Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw node.get(key).error("'" + key + "' is a number, got '" + value + "'");
                }
            }
            if (key.equals("gpu")) {
                known(node.get(key), catalog.gpuIds(), "GPU");
            }
            fields.put(key, value);
        }
        return new Filter(fields);
    }

    private static Class<?> box(Class<?> type) {
        return type == int.class ? Integer.class : type == double.class ? Double.class : type == long.class ? Long.class : type;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
