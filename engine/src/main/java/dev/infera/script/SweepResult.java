package dev.infera.script;

import dev.infera.text.Numbers;
import dev.infera.text.TextTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a sweep produced, as rows (the same cells the output file holds, so a resumed sweep
 * summarises exactly as an uninterrupted one), and the summaries an architect asks for: per case
 * the winner, runner-up and margin; where the winner changes along each axis; the
 * throughput-latency Pareto frontier per GPU.
 */
public record SweepResult(Sweep sweep, List<List<String>> rows, int evaluated, int resumed, long candidates,
                          double seconds, boolean cancelled) {

    public record Winner(String key, String winner, String family, double score, String runnerUp, double margin) {}

    /** {@code axis} moved from {@code from} to {@code to} (others fixed at {@code where}) and the winner changed. */
    public record Flip(String axis, String where, String from, String to, String before, String after) {}

    /** A recommendation no other of the same GPU beats on both throughput per GPU and TPOT. */
    public record ParetoPoint(String gpu, double tokensPerSPerGpu, double tpotMs, String key, String architecture) {}

    public double scenariosPerSecond() {
        return seconds > 0 ? evaluated / seconds : 0;
    }

    public double candidatesPerSecond() {
        return seconds > 0 ? candidates / seconds : 0;
    }

    /** A case as the summaries show it: just the values of the swept axes. */
    public String label(String key) {
        Map<String, String> point = Sweep.parseKey(key);
        point.keySet().retainAll(sweep.axes());
        return point.isEmpty() ? key : Sweep.key(point);
    }

    private static String cell(List<String> row, String column) {
        return row.get(SweepRows.column(column));
    }

    private static double number(List<String> row, String column) {
        String text = cell(row, column);
        return text.isEmpty() ? Double.NaN : Double.parseDouble(text);
    }

    private Map<String, List<List<String>>> byKey() {
        Map<String, List<List<String>>> byKey = new LinkedHashMap<>();
        for (List<String> row : rows) {
            byKey.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(row);
        }
        byKey.values().forEach(list -> list.sort(Comparator.comparingInt(r -> Integer.parseInt(cell(r, "rank")))));
        return byKey;
    }

    public List<Winner> winners() {
        List<Winner> winners = new ArrayList<>();
        Map<String, List<List<String>>> byKey = byKey();
        for (Sweep.Case c : sweep.cases()) {
            List<List<String>> ranked = byKey.get(c.key());
            if (ranked == null) {
                continue;
            }
            List<String> first = ranked.get(0);
            if (cell(first, "rank").equals("0")) {
                winners.add(new Winner(c.key(), "none: " + cell(first, "note"), "none", Double.NaN, "", Double.NaN));
                continue;
            }
            List<String> second = ranked.size() > 1 ? ranked.get(1) : null;
            String missed = SweepRows.MISSES_TARGETS.equals(cell(first, "note")) ? " (misses the targets)" : "";
            winners.add(new Winner(c.key(), cell(first, "architecture") + missed, cell(first, "family"), number(first, "score"),
                    second == null ? "" : cell(second, "architecture"),
                    second == null ? Double.NaN : number(first, "score") - number(second, "score")));
        }
        return winners;
    }

    /** For each axis, cases that differ only in that axis, in the order its values were written. */
    public List<Flip> flips() {
        Map<String, String> familyOf = new LinkedHashMap<>();
        winners().forEach(w -> familyOf.put(w.key(), w.family()));
        List<Flip> flips = new ArrayList<>();
        for (String axis : sweep.axes()) {
            Map<String, List<Sweep.Case>> lines = new LinkedHashMap<>();
            for (Sweep.Case c : sweep.cases()) {
                Map<String, String> others = new LinkedHashMap<>(c.point());
                others.remove(axis);
                others.keySet().retainAll(sweep.axes());
                lines.computeIfAbsent(Sweep.key(others), k -> new ArrayList<>()).add(c);
            }
            lines.forEach((where, cases) -> {
                for (int i = 1; i < cases.size(); i++) {
                    String before = familyOf.get(cases.get(i - 1).key());
                    String after = familyOf.get(cases.get(i).key());
                    if (before != null && after != null && !before.equals(after)) {
                        flips.add(new Flip(axis, where, cases.get(i - 1).point().get(axis), cases.get(i).point().get(axis), before, after));
                    }
                }
            });
        }
        return flips;
    }

    /** Per GPU, the rows not dominated on (throughput per GPU higher, TPOT lower), fastest TPOT first. */
    public Map<String, List<ParetoPoint>> pareto() {
        Map<String, List<ParetoPoint>> byGpu = new TreeMap<>();
        for (List<String> row : rows) {
            if (cell(row, "rank").equals("0")) {
                continue;
            }
            byGpu.computeIfAbsent(cell(row, "gpu"), g -> new ArrayList<>()).add(new ParetoPoint(cell(row, "gpu"),
                    number(row, "tokens_per_s_per_gpu"), number(row, "tpot_ms"), cell(row, "key"), cell(row, "architecture")));
        }
        Map<String, List<ParetoPoint>> frontier = new TreeMap<>();
        byGpu.forEach((gpu, points) -> {
            points.sort(Comparator.comparingDouble(ParetoPoint::tpotMs).thenComparing(p -> -p.tokensPerSPerGpu())
                    .thenComparing(ParetoPoint::key));
            List<ParetoPoint> kept = new ArrayList<>();
            double best = Double.NEGATIVE_INFINITY;
            for (ParetoPoint p : points) {
                if (p.tokensPerSPerGpu() > best) {
                    kept.add(p);
                    best = p.tokensPerSPerGpu();
                }
            }
            frontier.put(gpu, kept);
        });
        return frontier;
    }

    /** The three summaries as text; {@code limit} caps the per-case winners table (0: all). */
    public String summary(int limit) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%,d scenarios (%,d evaluated, %,d resumed) in %.1f s: %.1f scenarios/s, %,.0f candidate evaluations/s%s%n%n",
                sweep.size(), evaluated, resumed, seconds, scenariosPerSecond(), candidatesPerSecond(), cancelled ? " (INTERRUPTED)" : ""));
        List<Winner> winners = winners();
        TextTable table = new TextTable("scenario", "winner", "score", "runner-up", "margin");
        int shown = limit > 0 ? Math.min(limit, winners.size()) : winners.size();
        for (Winner w : winners.subList(0, shown)) {
            table.row(label(w.key()), w.winner(), Numbers.score(w.score()), w.runnerUp(), Numbers.score(w.margin()));
        }
        out.append("Winner per scenario:\n").append(table.render());
        if (shown < winners.size()) {
            out.append("... ").append(winners.size() - shown).append(" more in the output file\n");
        }
        List<Flip> flips = flips();
        out.append("\nWhere the winner changes:\n");
        if (flips.isEmpty()) {
            out.append("   nowhere: the same family wins along every axis\n");
        } else {
            TextTable flipTable = new TextTable("axis", "from", "to", "with", "winner before", "winner after");
            for (Flip f : flips.subList(0, limit > 0 ? Math.min(limit, flips.size()) : flips.size())) {
                flipTable.row(f.axis(), f.from(), f.to(), f.where(), f.before(), f.after());
            }
            out.append(flipTable.render());
            if (limit > 0 && flips.size() > limit) {
                out.append("... ").append(flips.size() - limit).append(" more\n");
            }
        }
        out.append("\nThroughput-latency Pareto frontier per GPU (over the rows kept):\n");
        TextTable paretoTable = new TextTable("gpu", "TPOT ms", "tok/s per GPU", "scenario", "architecture");
        pareto().forEach((gpu, points) -> points.forEach(p ->
                paretoTable.row(gpu, Numbers.fmt(p.tpotMs()), Numbers.fmt(p.tokensPerSPerGpu()), label(p.key()), p.architecture())));
        out.append(paretoTable.render());
        return out.toString();
    }
}
