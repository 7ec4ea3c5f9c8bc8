package dev.infera.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded discrete-event simulation of one replica's continuous-batching scheduler, after the
 * published design of vLLM's scheduler (each step: running requests first, in admission order,
 * then waiting ones FIFO):
 * - every step has a token budget shared by decode tokens (one per running sequence) and prefill
 *   chunks (chunked prefill: a prompt longer than what is left of the budget continues next step);
 * - a request is admitted while the running batch is under its maximum and free KV blocks hold
 *   its next chunk; a running sequence that needs a block when none is free evicts the most recently
 *   admitted one (preemption by recompute: its KV is dropped and it prefills prompt and output so
 *   far again when readmitted, ahead of the queue);
 * - a step lasts what {@link StepCost} says for its decode tokens and chunks; tokens appear at its end;
 * - a cached prompt prefix ({@link Load#prefixTokens()}) is held once, its blocks taken from the replica's KV at the start; a
 *   request that hits it starts with those tokens in KV (it prefills the rest, attending over them) and holds blocks only for
 *   its own tokens; preempted, it keeps the prefix and recomputes only its own.
 * Deterministic: the only randomness is the seeded stream of arrival gaps and lengths.
 */
public final class ReplicaSimulation {
    private ReplicaSimulation() {}

    private static final class Request {
        final int id;
        final double arrival;
        final int prompt;
        final int output;
        int generated;
        long cached;
        /** Prompt tokens found in the prefix cache: held once for all requests, not in {@link #blocks} (0: a miss). */
        final int shared;
        long blocks;
        double firstToken = Double.NaN;
        double finish = Double.NaN;
        int scheduled;
        boolean rejected;

        Request(int id, double arrival, int prompt, int output, int shared) {
            this.id = id;
            this.arrival = arrival;
            this.prompt = prompt;
            this.output = output;
            this.shared = shared;
            this.cached = shared;
        }

        /** Tokens to have in KV before the next token appears: the prompt, then prompt + output so far (recompute after preemption). */
        long target() {
            return generated == 0 ? prompt : (long) prompt + generated;
        }
    }

    public static SimResult run(StepCost cost, SchedulerLimits limits, Load load, Sla sla) {
        SplittableRandom random = new SplittableRandom(load.seed());
        Arrivals arrivals = load.arrivals();
        int n = load.requests();
        List<Request> all = new ArrayList<>(n);
        PriorityQueue<Request> pending = new PriorityQueue<>((a, b) -> a.arrival != b.arrival ? Double.compare(a.arrival, b.arrival) : Integer.compare(a.id, b.id));
        boolean closed = arrivals instanceof Arrivals.ClosedLoop;
        double think = closed ? ((Arrivals.ClosedLoop) arrivals).thinkSeconds() : 0;
        if (closed) {
            int users = Math.min(n, ((Arrivals.ClosedLoop) arrivals).users());
            for (int i = 0; i < users; i++) {
                pending.add(newRequest(all, 0, load, random));
            }
        } else {
            double time = 0;
            for (int i = 0; i < n; i++) {
                pending.add(newRequest(all, time, load, random));
                time += arrivals.nextGapSeconds(random);
            }
        }

        ArrayDeque<Request> waiting = new ArrayDeque<>();
        List<Request> running = new ArrayList<>();
        // The cached prefix's blocks are held once by the replica, whichever requests use them.
        long prefixBlocks = load.prefixTokens() > 0 && load.prefixHitRate() > 0 ? limits.blocksFor(load.prefixTokens()) : 0;
        long free = Math.max(0, limits.kvBlocks() - prefixBlocks);
        long capacity = free;
        long preemptions = 0;
        long steps = 0;
        int maxWaiting = 0;
        int rejected = 0;
        double runningTime = 0;
        double now = 0;
        List<Request> admitted = new ArrayList<>();
        while (true) {
            while (!pending.isEmpty() && pending.peek().arrival <= now) {
                Request r = pending.poll();
                if (limits.blocksFor((long) r.prompt + r.output - r.shared) > capacity) {
                    r.rejected = true;
                    rejected++;
                    if (closed && all.size() < n) {
                        pending.add(newRequest(all, now + think, load, random));
                    }
                    continue;
                }
                waiting.addLast(r);
            }
            maxWaiting = Math.max(maxWaiting, waiting.size());
            if (running.isEmpty() && waiting.isEmpty()) {
                if (pending.isEmpty()) {
                    break;
                }
                now = pending.peek().arrival;
                continue;
            }

            // Running requests first, in admission order; one that needs a block evicts the latest admitted.
            int budget = limits.tokenBudget();
            for (int i = 0; i < running.size() && budget > 0; i++) {
                Request r = running.get(i);
                int chunk = (int) Math.min(r.target() - r.cached, budget);
                long needed = limits.blocksFor(r.cached + chunk - r.shared) - r.blocks;
                while (needed > free && running.size() - 1 > i) {
                    Request victim = running.remove(running.size() - 1);
                    budget += victim.scheduled;
                    free += preempt(victim);
                    waiting.addFirst(victim);
                    preemptions++;
                }
                if (needed > free) {
                    running.remove(i);
                    free += preempt(r);
                    waiting.addFirst(r);
                    preemptions++;
                    break;
                }
                free -= needed;
                r.blocks += needed;
                r.scheduled = chunk;
                budget -= chunk;
            }
            // Then waiting requests, first come first served, while the batch, the budget and the free blocks allow.
            admitted.clear();
            while (budget > 0 && !waiting.isEmpty() && running.size() + admitted.size() < limits.maxSequences()) {
                Request r = waiting.peekFirst();
                int chunk = (int) Math.min(r.target() - r.cached, budget);
                long needed = limits.blocksFor(r.cached + chunk - r.shared) - r.blocks;
                if (needed > free) {
                    break;
                }
                waiting.pollFirst();
                free -= needed;
                r.blocks += needed;
                r.scheduled = chunk;
                budget -= chunk;
                admitted.add(r);
            }
            running.addAll(admitted);

            int decodes = 0;
            double decodeContext = 0;
            int prefillTokens = 0;
            double prefillFlops = 0;
            for (Request r : running) {
                if (r.scheduled == 0) {
                    continue;
                }
                if (r.generated > 0 && r.scheduled == 1 && r.cached + 1 == r.target()) {
                    decodes++;
                    decodeContext += r.cached + 1;
                } else {
                    prefillTokens += r.scheduled;
                    prefillFlops += cost.prefillChunkFlops(r.cached, r.scheduled);
                }
            }
            double seconds = cost.stepSeconds(decodes, decodes == 0 ? 0 : decodeContext / decodes, prefillTokens, prefillFlops);
            if (!(seconds > 0)) {
                throw new IllegalStateException("a step of " + decodes + " decodes and " + prefillTokens + " prefill tokens took " + seconds + " s");
            }
            runningTime += seconds * running.size();
            now += seconds;
            steps++;

            for (int i = 0; i < running.size(); i++) {
                Request r = running.get(i);
                if (r.scheduled == 0) {
                    continue;
                }
                r.cached += r.scheduled;
                r.scheduled = 0;
                if (r.cached == r.target()) {
                    r.generated++;
                    if (r.generated == 1) {
                        r.firstToken = now;
                    }
                    if (r.generated == r.output) {
                        r.finish = now;
                        free += r.blocks;
                        r.blocks = 0;
                        running.remove(i--);
                        if (closed && all.size() < n) {
                            pending.add(newRequest(all, now + think, load, random));
                        }
                    }
                }
            }
        }
        return measure(all, load, sla, preemptions, rejected, maxWaiting, runningTime, steps);
    }

    /** Frees a sequence's KV (recompute later); returns the blocks freed. */
    private static long preempt(Request r) {
        long blocks = r.blocks;
        r.blocks = 0;
        r.cached = r.shared;
        r.scheduled = 0;
        return blocks;
    }

    private static Request newRequest(List<Request> all, double arrival, Load load, SplittableRandom random) {
        int[] lengths = load.lengths().draw(all.size(), random);
        // A hit finds the prefix cached, leaving at least one prompt token to prefill (PrefixCache.uncachedPrefillTokens).
        int shared = load.hitsPrefix(all.size()) ? Math.min(load.prefixTokens(), lengths[0] - 1) : 0;
        Request r = new Request(all.size(), arrival, lengths[0], lengths[1], shared);
        all.add(r);
        return r;
    }

    private static SimResult measure(List<Request> all, Load load, Sla sla, long preemptions, int rejected, int maxWaiting,
                                     double runningTime, long steps) {
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
        for (Request r : all) {
            start = Math.min(start, r.arrival);
            if (!r.rejected) {
                completed++;
                end = Math.max(end, r.finish);
            }
        }
        for (int i = from; i < to; i++) {
            Request r = all.get(i);
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
        return new SimResult(ttftD, tpotD, e2eD, achieved, goodput, preemptions, rejected, completed, maxWaiting,
                simulated > 0 ? runningTime / simulated : 0, simulated, steps, met);
    }
}
