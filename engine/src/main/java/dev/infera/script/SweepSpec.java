package dev.infera.script;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingMethodException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delegate of {@code sweep { ... }}: every scenario keyword, given several values, becomes an
 * axis ({@code context 4096, 32768}); given one, a setting shared by all cases. Pools
 * ({@code gpus}, {@code weights}, {@code kv}, {@code engines}) stay one list; {@code hardware}
 * sweeps GPUs one at a time. Each value is tried on a scratch {@link ScenarioSpec} as it is written,
 * so an impossible one (negative context, unknown model) fails on its own line.
 */
public final class SweepSpec extends GroovyObjectSupport {
    private final Catalog catalog;
    /** keyword -> the argument lists it takes, one per point on its axis, in the order written. */
    private final Map<String, List<Object[]>> settings = new LinkedHashMap<>();
    private int top = DEFAULT_TOP;

    /** Rows kept per scenario unless the sweep says {@code top N}; `infera bench` keeps as many. */
    public static final int DEFAULT_TOP = 3;

    public SweepSpec(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Ranked recommendations kept per scenario (rows in the output). */
    public void top(int n) {
        if (n < 1) {
            throw new BadInputException("top must be >= 1, got " + n);
        }
        top = n;
    }

    /** One GPU (or server) per case, to compare hardware side by side. */
    public void hardware(String... ids) {
        List<Object[]> points = new ArrayList<>();
        for (String id : ids) {
            points.add(new Object[] {id});
        }
        record("gpus", points);
    }

    /** chat users: [1, 16], context: 8192: the kind, then each entry as a keyword (lists become axes). */
    public Object methodMissing(String keyword, Object args) {
        Object[] values = (Object[]) args;
        if (values.length == 1 && values[0] instanceof Map<?, ?> map && List.of("chat", "rag", "agent", "offline").contains(keyword)) {
            record("scenario", List.<Object[]>of(new Object[] {keyword}));
            map.forEach((k, v) -> methodMissing(k.toString(), v instanceof List<?> list ? list.toArray() : new Object[] {v}));
            return null;
        }
        if (values.length == 0 && List.of("chat", "rag", "agent", "offline").contains(keyword)) {
            record("scenario", List.<Object[]>of(new Object[] {keyword}));
            return null;
        }
        if (!isKeyword(keyword)) {
            throw new MissingMethodException(keyword, ScenarioSpec.class, values);
        }
        List<Object[]> points = new ArrayList<>();
        if (ScenarioSpec.POOLS.contains(keyword)) {
            points.add(values);
        } else {
            for (Object value : values) {
                points.add(new Object[] {value});
            }
        }
        record(keyword, points);
        return null;
    }

    private void record(String keyword, List<Object[]> points) {
        if (points.isEmpty()) {
            throw new BadInputException(keyword + " needs at least one value");
        }
        for (Object[] point : points) {
            new ScenarioSpec(catalog).set(keyword, point);
        }
        settings.put(keyword, points);
    }

    private static boolean isKeyword(String name) {
        return ScenarioSpec.isKeyword(name);
    }

    /** Every combination, first keyword slowest; each case keyed by its settings so --resume can find it. */
    public Sweep build() {
        List<String> keywords = new ArrayList<>(settings.keySet());
        List<String> axes = keywords.stream().filter(k -> settings.get(k).size() > 1).toList();
        List<Sweep.Case> cases = new ArrayList<>();
        int[] at = new int[keywords.size()];
        while (true) {
            ScenarioSpec spec = new ScenarioSpec(catalog);
            Map<String, String> point = new LinkedHashMap<>();
            for (int i = 0; i < keywords.size(); i++) {
                Object[] args = settings.get(keywords.get(i)).get(at[i]);
                spec.set(keywords.get(i), args);
                point.put(keywords.get(i), text(args));
            }
            try {
                cases.add(new Sweep.Case(cases.size(), Sweep.key(point), point, spec.build()));
            } catch (BadInputException e) {
                throw new BadInputException("sweep case " + Sweep.key(point) + ": " + e.getMessage(), e);
            }
            int i = keywords.size() - 1;
            while (i >= 0 && ++at[i] == settings.get(keywords.get(i)).size()) {
                at[i--] = 0;
            }
            if (i < 0) {
                break;
            }
        }
        return new Sweep(List.copyOf(cases), axes, top);
    }

    private static String text(Object[] args) {
        List<String> parts = new ArrayList<>();
        for (Object arg : args) {
            parts.add(arg instanceof Duration d ? trim(Units.millis(d)) + "ms" : arg instanceof Number n ? trim(n.doubleValue()) : String.valueOf(arg));
        }
        return String.join("+", parts);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
