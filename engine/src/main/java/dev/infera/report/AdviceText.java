package dev.infera.report;

import dev.infera.advice.ArchitectureLabel;
import dev.infera.text.Numbers;
import dev.infera.text.TextTable;

import dev.infera.advice.Advice;
import dev.infera.advice.Recommendation;
import dev.infera.advice.Rejection;
import dev.infera.physics.Explain;
import dev.infera.plan.Candidate;
import dev.infera.rules.Finding;
import dev.infera.workload.Workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Advice as the terminal shows it: the ranked table, the reasons under the top entries, rejections summarised. */
public final class AdviceText {
    private AdviceText() {}

    /**
     * @param variants show every engine and KV-format variant; otherwise each architecture (GPU, count,
     *                 TP, PP, replicas, weight format) appears once, at its best rank, with its variant count
     */
    public static String render(Advice advice, int top, int explained, boolean allRejections, boolean explain, boolean variants) {
        StringBuilder out = new StringBuilder();
        Workload w = advice.scenario().workload();
        out.append(String.format("%s: %s, %d prompt + %d output tokens, %s%n",
                advice.scenario().name(), w.kind().id(), w.inputTokens(), w.outputTokens(), load(w)));
        out.append(String.format("%d candidates: %d viable, %d rejected%n%n", advice.candidates(), advice.ranked().size(), advice.rejected().size()));
        if (advice.ranked().isEmpty()) {
            out.append("No viable configuration. Why the candidates were rejected:\n");
        } else {
            if (advice.noneMeets() != null) {
                out.append(advice.noneMeets()).append("\n\n");
            }
            Map<String, Integer> variantCounts = new LinkedHashMap<>();
            for (Recommendation r : advice.ranked()) {
                variantCounts.merge(r.candidate().architectureKey(), 1, Integer::sum);
            }
            List<Recommendation> shown = variants ? advice.ranked() : bestPerArchitecture(advice.ranked());
            shown = shown.subList(0, Math.min(top, shown.size()));
            // A target on a percentile gets a column of its own beside the closed-form mean: the simulated
            // percentile the target was judged on, or "-" where the screen judged the row on its mean.
            Integer ttftPercentile = advice.thresholds() == null ? null : advice.thresholds().ttftPercentile();
            Integer tpotPercentile = advice.thresholds() == null ? null : advice.thresholds().tpotPercentile();
            List<String> headers = new java.util.ArrayList<>(List.of("rank", "architecture", "TTFT ms"));
            if (ttftPercentile != null) {
                headers.add("TTFT p" + ttftPercentile);
            }
            headers.add("TPOT ms");
            if (tpotPercentile != null) {
                headers.add("TPOT p" + tpotPercentile);
            }
            headers.addAll(List.of("tok/s", "GB/GPU", "$/M tok", "bottleneck", "score"));
            TextTable table = new TextTable(headers.toArray(String[]::new));
            for (Recommendation r : shown) {
                Candidate c = r.candidate();
                int rank = shownRank(shown, r, variants);
                int others = variantCounts.get(c.architectureKey()) - 1;
                String words = ArchitectureLabel.of(c) + (!variants && others > 0 ? " (+" + others + " variant" + (others == 1 ? "" : "s") + ")" : "");
                List<Object> cells = new java.util.ArrayList<>(List.of(rank, words, Numbers.fmt(c.getTtftMs())));
                if (ttftPercentile != null) {
                    cells.add(c.isSimulated() ? Numbers.fmt(c.getTtftMsJudged()) : "-");
                }
                cells.add(Numbers.fmt(c.getTpotMs()));
                if (tpotPercentile != null) {
                    cells.add(c.isSimulated() ? Numbers.fmt(c.getTpotMsJudged()) : "-");
                }
                cells.addAll(List.of(Numbers.fmt(c.getThroughput()), Numbers.fmt(c.getMemoryGb()),
                        c.isPriced() ? Numbers.fmt(c.getUsdPerMillionTokens()) : "unknown", c.getBottleneck(), Numbers.score(r.score())));
                table.row(cells.toArray());
            }
            out.append(table.render());
            if (ttftPercentile != null || tpotPercentile != null) {
                out.append("(TTFT ms and TPOT ms: the closed-form means; the percentile columns are simulated at the load,"
                        + " the values the targets are judged on; -: not simulated, judged on its closed-form mean)\n");
            }
            if (!variants && shown.stream().anyMatch(r -> variantCounts.get(r.candidate().architectureKey()) > 1)) {
                out.append("(variants: the same architecture under other engines or KV formats; --variants lists them)\n");
            }
            String decided = shown.size() < 2 ? null : Advice.tieBreak(shown.get(0), shown.get(1));
            if (decided != null) {
                out.append(String.format("(1 and 2 tie at score %s: %s decides)%n", Numbers.score(shown.get(0).score()), decided));
            }
            out.append('\n');
            for (Recommendation r : shown.subList(0, Math.min(explained, shown.size()))) {
                out.append(String.format("#%d %s (score %s%s)%n", shownRank(shown, r, variants), ArchitectureLabel.of(r.candidate()), Numbers.score(r.score()),
                        r.clamped() ? "; its points add to " + Numbers.score(r.pointsSum()) + ", shown at the end of the 0-100 scale" : ""));
                for (Finding f : r.reasons()) {
                    out.append(String.format("   %-8s %-7s %s: %s%n", f.severity().label(), points(f), f.rule(), f.message()));
                }
                String buy = ProcurementLines.buy(r.candidate());
                if (buy != null) {
                    out.append(String.format("   %-16s %s%n", "buy", buy));
                }
                out.append(String.format("   %-16s %s%n", "price", ProcurementLines.charged(r.candidate())));
                String band = ProcurementLines.band(r.candidate());
                if (band != null) {
                    out.append(String.format("   %-16s %s%n", "error band", band));
                }
                if (r.candidate().isSimulated()) {
                    out.append(String.format("   %-16s %s%n", "simulated", r.candidate().simulation() != null
                            ? SimulationText.oneLine(r.candidate().simulation()) : SimulationText.oneLine(r.candidate().splitSimulation())));
                }
                if (explain) {
                    for (Explain.Derivation d : DisaggregationText.derivations(r.candidate())) {
                        out.append(String.format("   = %s: %s = %s = %s%n", d.quantity(), d.formula(), d.substituted(), d.result()));
                    }
                }
                out.append('\n');
            }
        }
        if (!advice.scenarioFindings().isEmpty()) {
            out.append("About this scenario:\n");
            for (Finding f : advice.scenarioFindings()) {
                out.append("   ").append(f.rule()).append(": ").append(f.message()).append('\n');
            }
            out.append('\n');
        }
        if (!advice.rejected().isEmpty()) {
            out.append(allRejections ? "Rejected:\n" : "Rejected (one example per rule; --all lists every candidate):\n");
            for (Map.Entry<String, List<Rejection>> group : advice.rejectedByRule().entrySet()) {
                List<Rejection> rejections = group.getValue();
                out.append(String.format("   %s: %d candidate%s%n", group.getKey(), rejections.size(), rejections.size() == 1 ? "" : "s"));
                for (Rejection r : allRejections ? rejections : rejections.subList(0, 1)) {
                    out.append(String.format("      e.g. %s: %s%n", ArchitectureLabel.of(r.candidate()), r.reasons().get(0).message()));
                }
            }
        }
        return out.toString();
    }

    /**
     * The rank a reader sees: with variants folded, entries are numbered 1..N as printed (a folded
     * variant takes no number); with --variants every entry keeps its rank among all viable ones.
     */
    static int shownRank(List<Recommendation> shown, Recommendation r, boolean variants) {
        return variants ? r.rank() : shown.indexOf(r) + 1;
    }

    /** The best-ranked entry of each architecture, in rank order. */
    private static List<Recommendation> bestPerArchitecture(List<Recommendation> ranked) {
        Map<String, Recommendation> best = new LinkedHashMap<>();
        for (Recommendation r : ranked) {
            best.putIfAbsent(r.candidate().architectureKey(), r);
        }
        return new ArrayList<>(best.values());
    }

    /** The load in words: concurrent users, or for an offline job its size and the throughput it needs. */
    static String load(Workload w) {
        Double need = w.requiredTokensPerS();
        if (w.kind() == dev.infera.workload.ScenarioKind.OFFLINE) {
            String job = w.documents() != null ? String.format("%,d documents in %s h", w.documents(), Numbers.fmt(w.deadlineHours())) : "batch as large as fits";
            return job + (need != null ? " (needs " + Numbers.fmt(need) + " tokens/s)" : "");
        }
        if (w.concurrencyFromRate()) {
            return Numbers.fmt(w.requestsPerS()) + " requests/s (concurrency per candidate by Little's law), needs " + Numbers.fmt(need) + " tokens/s";
        }
        return w.users() + " concurrent user" + (w.users() == 1 ? "" : "s") + (need != null ? ", needs " + Numbers.fmt(need) + " tokens/s" : "");
    }

    /** A finding's points as a reader sees them: "+10", "-30", or nothing for a note or warning. */
    public static String points(Finding f) {
        if (f.points() == 0) {
            return "";
        }
        return (f.points() > 0 ? "+" : "") + Numbers.fmt(f.points());
    }
}
