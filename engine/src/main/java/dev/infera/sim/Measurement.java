package dev.infera.sim;

import java.util.List;

/** What a simulated run measured, from each request's arrival, first token and finish (the replica's and the split's alike). */
final class Measurement {
    private Measurement() {}

    /** One simulated request: its lengths, tokens so far and times in seconds of simulated time (NaN where it never got there). */
    static class Served {
        final int id;
        final double arrival;
        final int prompt;
        final int output;
        int generated;
        long blocks;
        double firstToken = Double.NaN;
        double finish = Double.NaN;
        boolean rejected;

        Served(int id, double arrival, int prompt, int output) {
            this.id = id;
            this.arrival = arrival;
            this.prompt = prompt;
            this.output = output;
        }
    }

    /**
     * What the scheduler counted besides the requests' times.
     *
     * @param runningTime    sequence-seconds running (each step's seconds x sequences in it), for the mean running batch
     * @param draftTokens    k of a speculating replica (0: none)
     * @param verifications  sequence-verifications run (0 without a speculator)
     * @param verifiedTokens tokens they yielded
     */
    record Tally(long preemptions, int rejected, int maxWaiting, double runningTime, long steps,
                 int draftTokens, double acceptance, long verifications, long verifiedTokens) {}

    static SimResult of(List<? extends Served> all, Load load, Sla sla, Tally tally) {
        int rejected = tally.rejected;
        int from = 0;
        int to = all.size();
        if (load.steadyState() && all.size() >= 10) {
            from = all.size() / 10;
            to = all.size() - all.size() / 10;
        }
        double[] ttft = new double[to - from];
        double[] tpot = new double[to - from];
        double[] e2e = new double[to - from];
        int measured = 0;
        int tpots = 0;
        int good = 0;
        double firstArrival = Double.POSITIVE_INFINITY;
        double lastFinish = Double.NEGATIVE_INFINITY;
        int completed = 0;
        double start = Double.POSITIVE_INFINITY;
        double end = 0;
        for (Served r : all) {
            start = Math.min(start, r.arrival);
            if (!r.rejected) {
                completed++;
                end = Math.max(end, r.finish);
            }
        }
        for (int i = from; i < to; i++) {
            Served r = all.get(i);
            firstArrival = Math.min(firstArrival, r.arrival);
            if (r.rejected) {
                continue;
            }
            lastFinish = Math.max(lastFinish, r.finish);
            double ttftMs = (r.firstToken - r.arrival) * 1000;
            double tpotMs = r.output > 1 ? (r.finish - r.firstToken) * 1000 / (r.output - 1) : Double.NaN;
            ttft[measured] = ttftMs;
            e2e[measured] = (r.finish - r.arrival) * 1000;
            measured++;
            if (r.output > 1) {
                tpot[tpots++] = tpotMs;
            }
            if (sla.metBy(ttftMs, tpotMs)) {
                good++;
            }
        }
        Distribution ttftD = Distribution.of(java.util.Arrays.copyOf(ttft, measured));
        Distribution tpotD = Distribution.of(java.util.Arrays.copyOf(tpot, tpots));
        Distribution e2eD = Distribution.of(java.util.Arrays.copyOf(e2e, measured));
        double achieved;
        double goodput;
        double firstFinish = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            if (!all.get(i).rejected) {
                firstFinish = Math.min(firstFinish, all.get(i).finish);
            }
        }
        // Steady state: the measured requests' completions per second (first to last finish), which neither the warm-up
        // nor the drain dilutes and which is the capacity when the rate is beyond it; a finite run: requests completed /
        // (last finish - first arrival), as benchmarks report.
        double span = load.steadyState() && measured >= 2 && lastFinish > firstFinish ? lastFinish - firstFinish : lastFinish - firstArrival;
        double counted = load.steadyState() && measured >= 2 && lastFinish > firstFinish ? measured - 1 : measured;
        achieved = measured == 0 || !(span > 0) ? 0 : counted / span;
        goodput = measured == 0 || !(span > 0) ? 0 : counted * good / measured / span;
        boolean met = rejected == 0
                && (sla.ttft() == null || ttftD.statistic(sla.ttft().percentile()) <= sla.ttft().ms())
                && (sla.tpot() == null || tpotD.count() == 0 || tpotD.statistic(sla.tpot().percentile()) <= sla.tpot().ms());
        double simulated = completed == 0 ? 0 : end - start;
        return new SimResult(ttftD, tpotD, e2eD, achieved, goodput, tally.preemptions(), rejected, completed, tally.maxWaiting(),
                simulated > 0 ? tally.runningTime() / simulated : 0, simulated, tally.steps(), met,
                tally.draftTokens(), tally.acceptance(), tally.verifications(), tally.verifiedTokens());
    }
}
