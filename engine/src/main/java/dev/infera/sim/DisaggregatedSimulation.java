package dev.infera.sim;

import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.physics.DisaggregatedEstimator;
import dev.infera.physics.Estimator;
import dev.infera.physics.Memory;
import dev.infera.physics.StepTime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded discrete-event simulation of a replica split into x prefill and y decode workers (DistServe, Splitwise):
 * - prompts wait in one FIFO queue for the first free prefill worker, which prefills one whole prompt at a time
 *   ({@link Pools#prefillSeconds}: the prefill worker's TTFT alone for that prompt);
 * - each prefill worker then sends the request's KV over its own link to the decode pool, one transfer at a time in the
 *   order the prefills finished (a transfer does not hold up the worker's next prefill); the first token is the decode
 *   worker's when the KV has arrived, as the closed form counts it (served TTFT = wait + prefill + transfer);
 * - the request joins the decode worker with the fewest sequences (running and waiting, the lowest index on a tie), which
 *   admits it at its next step boundary, first come first served, when its whole sequence's KV blocks (prompt + output) are
 *   free and the batch is under the engine's maximum: no preemption, the KV was computed once and cannot be recomputed here;
 * - a decode worker's step lasts the physics' decode step at its running batch and mean context; every running sequence
 *   gets a token at its end;
 * - a decode pool with a speculator (k drafted tokens, acceptance a) steps as a speculating replica does
 *   ({@link StepTime#speculativeStepSeconds}: k draft steps and a verification over k + 1 tokens per sequence, which the
 *   token budget counts), and each sequence advances by 1 + the drafts accepted ({@link Drafts}), at most what its output
 *   has left; its blocks were held whole from admission. The prefill pool drafts nothing.
 * Deterministic: the only randomness is the seeded stream of arrival gaps and lengths, and a second seeded stream of draft acceptances.
 */
public final class DisaggregatedSimulation {
    private DisaggregatedSimulation() {}

    /** What the two pools cost, behind a seam the tests can see through. */
    public interface Pools {
        int prefillWorkers();

        int decodeWorkers();

        /** One prompt prefilled alone on a prefill worker. */
        double prefillSeconds(int promptTokens);

        /** Its KV sent to a decode worker. */
        double transferSeconds(int promptTokens);

        /** A decode worker's step over {@code batch} sequences at a mean context. */
        double decodeStepSeconds(int batch, double meanContext);

        /** KV tokens a prefill worker holds: a longer prompt is never served. */
        double prefillKvTokens();

        /** A decode worker's KV blocks and its engine's maximum batch. */
        SchedulerLimits decodeLimits();

        /** The decode pool's speculator's k: tokens drafted per verification (0: none, one token per step). */
        default int draftTokens() { return 0; }

        /** The chance each drafted token is accepted (unused without a speculator). */
        default double acceptance() { return 0; }

        /** {@code d}'s pools: each worker's {@link StepTime}, the transfer over {@code d}'s link ({@link DisaggregatedEstimator#kvTransferSeconds}). */
        static Pools of(DisaggregatedDeployment d, Estimator estimator) {
            StepTime prefill = StepTime.of(d.prefill(), estimator);
            StepTime decode = StepTime.of(d.decode(), estimator);
            SchedulerLimits limits = Simulation.limits(d.decode(), estimator, decode);
            double kvBytesPerToken = Memory.kvBytesPerToken(d.prefill().model(), d.prefill().kv().bytesPerElement());
            return new Pools() {
                @Override public int prefillWorkers() { return d.prefillWorkers(); }
                @Override public int decodeWorkers() { return d.decodeWorkers(); }
                @Override public double prefillSeconds(int promptTokens) { return prefill.prefillSeconds(promptTokens); }
                @Override public double transferSeconds(int promptTokens) {
                    return DisaggregatedEstimator.kvTransferSeconds(d, estimator, kvBytesPerToken, promptTokens);
                }
                // A speculating decode pool's step is its draft steps and verification; without a speculator the plain decode step.
                @Override public double decodeStepSeconds(int batch, double meanContext) { return decode.speculativeStepSeconds(batch, meanContext, 0, 0); }
                @Override public int draftTokens() { return decode.draftTokens(); }
                @Override public double acceptance() { return decode.acceptance(); }
                @Override public double prefillKvTokens() { return prefill.kvCapacityTokens(); }
                @Override public SchedulerLimits decodeLimits() { return limits; }
            };
        }
    }

    /**
     * @param load             what the whole split was sent
     * @param decodeLimits     one decode worker's KV blocks and maximum batch
     * @param split            what it measured; its steps are decode steps (all workers), its longest queue the prefill queue's,
     *                         its mean running the sequences decoding over all decode workers
     * @param prefillWaitMs    mean wait in the prefill queue
     * @param transferWaitMs   mean wait for a prefill worker's link (behind earlier transfers)
     * @param transferMs       mean KV transfer
     */
    public record Result(LoadSpec spec, Load load, int prefillWorkers, int decodeWorkers, SchedulerLimits decodeLimits, SimResult split,
                         double prefillWaitMs, double transferWaitMs, double transferMs) {}

    /** Simulates {@code d} under {@code spec}: the whole load goes to the one split (its x + y workers). */
    public static Result run(DisaggregatedDeployment d, Estimator estimator, LoadSpec spec, Sla sla) {
        Pools pools = Pools.of(d, estimator);
        // The prefill pool's prefix cache (if any) decides which prompts prefill only their uncached tokens.
        Load load = Simulation.perReplica(d.prefill().withReplicas(1), spec);
        return run(pools, load, spec, sla);
    }

    private static final class Request extends Measurement.Served {
        double prefillStart = Double.NaN;
        double transferReady = Double.NaN;
        double transferStart = Double.NaN;

        Request(int id, double arrival, int prompt, int output) {
            super(id, arrival, prompt, output);
        }
    }

    private enum Kind { ARRIVAL, PREFILL_DONE, TRANSFER_DONE, WAKE, STEP_DONE }

    /** An event at a time; {@code order} breaks ties in the order events were made. */
    private record Event(double time, long order, Kind kind, int worker, Request request) {}

    private static final class DecodeWorker {
        final int index;
        final ArrayDeque<Request> waiting = new ArrayDeque<>();
        final List<Request> running = new ArrayList<>();
        long free;
        boolean stepping;

        DecodeWorker(int index) {
            this.index = index;
        }
    }

    /** The event loop over {@code pools}; {@code load} is the whole split's. */
    public static Result run(Pools pools, Load load, LoadSpec spec, Sla sla) {
        return new Run(pools, load).go(spec, sla);
    }

    private static final class Run {
        final Pools pools;
        final Load load;
        final SchedulerLimits limits;
        final SplittableRandom random;
        // The decode pool's speculator: its k (0: none) and the acceptances' own stream, so drafts leave arrivals and lengths as they were.
        final int draftTokens;
        final SplittableRandom acceptances;
        final boolean closed;
        final double think;
        final List<Request> all = new ArrayList<>();
        final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.time() != b.time() ? Double.compare(a.time(), b.time())
                : Long.compare(a.order(), b.order()));
        final ArrayDeque<Request> prefillQueue = new ArrayDeque<>();
        final boolean[] prefilling;
        final ArrayDeque<Request>[] linkQueue;
        final boolean[] sending;
        final DecodeWorker[] decoders;
        long order;
        int rejected;
        int maxWaiting;
        long steps;
        double runningTime;

        @SuppressWarnings("unchecked")
        Run(Pools pools, Load load) {
            this.pools = pools;
            this.load = load;
            this.limits = pools.decodeLimits();
            this.random = new SplittableRandom(load.seed());
            this.draftTokens = pools.draftTokens();
            this.acceptances = draftTokens > 0 ? Drafts.stream(load.seed()) : null;
            this.closed = load.arrivals() instanceof Arrivals.ClosedLoop;
            this.think = closed ? ((Arrivals.ClosedLoop) load.arrivals()).thinkSeconds() : 0;
            int x = pools.prefillWorkers();
            this.prefilling = new boolean[x];
            this.linkQueue = new ArrayDeque[x];
            this.sending = new boolean[x];
            for (int i = 0; i < x; i++) {
                linkQueue[i] = new ArrayDeque<>();
            }
            this.decoders = new DecodeWorker[pools.decodeWorkers()];
            for (int j = 0; j < decoders.length; j++) {
                decoders[j] = new DecodeWorker(j);
                decoders[j].free = limits.kvBlocks();
            }
        }

        Result go(LoadSpec spec, Sla sla) {
            int n = load.requests();
            if (closed) {
                int users = Math.min(n, ((Arrivals.ClosedLoop) load.arrivals()).users());
                for (int i = 0; i < users; i++) {
                    arrive(0);
                }
            } else {
                double time = 0;
                for (int i = 0; i < n; i++) {
                    arrive(time);
                    time += load.arrivals().nextGapSeconds(random);
                }
            }
            while (!events.isEmpty()) {
                Event e = events.poll();
                double now = e.time();
                switch (e.kind()) {
                    case ARRIVAL -> admitToPrefill(e.request(), now);
                    case PREFILL_DONE -> {
                        prefilling[e.worker()] = false;
                        e.request().transferReady = now;
                        linkQueue[e.worker()].addLast(e.request());
                        send(e.worker(), now);
                        startPrefills(now);
                    }
                    case TRANSFER_DONE -> {
                        sending[e.worker()] = false;
                        firstToken(e.request(), now);
                        send(e.worker(), now);
                    }
                    case WAKE -> startStep(decoders[e.worker()], now);
                    case STEP_DONE -> endStep(decoders[e.worker()], now);
                }
            }
            double prefillWait = 0;
            double transferWait = 0;
            double transfer = 0;
            int served = 0;
            for (Request r : all) {
                if (!r.rejected) {
                    served++;
                    prefillWait += r.prefillStart - r.arrival;
                    transferWait += r.transferStart - r.transferReady;
                    transfer += r.firstToken - r.transferStart;
                }
            }
            SimResult result = Measurement.of(all, load, sla, new Measurement.Tally(0, rejected, maxWaiting, runningTime, steps, 0, 0, 0, 0));
            double perServed = served == 0 ? Double.NaN : 1000.0 / served;
            return new Result(spec, load, pools.prefillWorkers(), pools.decodeWorkers(), limits, result, prefillWait * perServed, transferWait * perServed, transfer * perServed);
        }

        private void schedule(double time, Kind kind, int worker, Request r) {
            events.add(new Event(time, order++, kind, worker, r));
        }

        private void arrive(double time) {
            int[] lengths = load.lengths().draw(all.size(), random);
            Request r = new Request(all.size(), time, lengths[0], lengths[1]);
            all.add(r);
            schedule(time, Kind.ARRIVAL, -1, r);
        }

        /** A closed loop's user sends again {@code think} seconds after its request ended (or was refused). */
        private void nextFromUser(double now) {
            if (closed && all.size() < load.requests()) {
                arrive(now + think);
            }
        }

        private void admitToPrefill(Request r, double now) {
            if (r.prompt > pools.prefillKvTokens() || limits.blocksFor((long) r.prompt + r.output) > limits.kvBlocks()) {
                r.rejected = true;
                rejected++;
                nextFromUser(now);
                return;
            }
            prefillQueue.addLast(r);
            startPrefills(now);
            maxWaiting = Math.max(maxWaiting, prefillQueue.size());
        }

        /** Free prefill workers (the lowest index first) take the queue's oldest prompts. */
        private void startPrefills(double now) {
            for (int w = 0; w < prefilling.length && !prefillQueue.isEmpty(); w++) {
                if (!prefilling[w]) {
                    Request r = prefillQueue.pollFirst();
                    prefilling[w] = true;
                    r.prefillStart = now;
                    // A prefix hit prefills only the uncached tokens; the KV sent is still the whole prompt's.
                    schedule(now + pools.prefillSeconds(r.prompt - load.cachedPrefixTokens(r.id, r.prompt)), Kind.PREFILL_DONE, w, r);
                }
            }
        }

        /** A free link sends the oldest KV waiting on it. */
        private void send(int w, double now) {
            if (!sending[w] && !linkQueue[w].isEmpty()) {
                Request r = linkQueue[w].pollFirst();
                sending[w] = true;
                r.transferStart = now;
                schedule(now + pools.transferSeconds(r.prompt), Kind.TRANSFER_DONE, w, r);
            }
        }

        private void firstToken(Request r, double now) {
            r.firstToken = now;
            r.generated = 1;
            if (r.output == 1) {
                r.finish = now;
                nextFromUser(now);
                return;
            }
            DecodeWorker least = decoders[0];
            for (DecodeWorker q : decoders) {
                if (q.running.size() + q.waiting.size() < least.running.size() + least.waiting.size()) {
                    least = q;
                }
            }
            least.waiting.addLast(r);
            if (!least.stepping) {
                // An idle worker starts after the other events of this instant: KV arriving at the same time joins the same step.
                least.stepping = true;
                schedule(now, Kind.WAKE, least.index, null);
            }
        }

        /** Admits what fits, then steps the running batch; an empty worker idles until a request arrives. */
        private void startStep(DecodeWorker q, double now) {
            // A verification counts k + 1 tokens per sequence against the step's token budget.
            int batchLimit = Math.min(limits.maxSequences(), limits.tokenBudget() / dev.infera.physics.Speculation.verifiedTokensPerSequence(draftTokens));
            while (!q.waiting.isEmpty() && q.running.size() < batchLimit) {
                Request r = q.waiting.peekFirst();
                long needed = limits.blocksFor((long) r.prompt + r.output);
                if (needed > q.free) {
                    break;
                }
                q.waiting.pollFirst();
                q.free -= needed;
                r.blocks = needed;
                q.running.add(r);
            }
            if (q.running.isEmpty()) {
                q.stepping = false;
                return;
            }
            double context = 0;
            for (Request r : q.running) {
                context += r.prompt + r.generated;
            }
            int batch = q.running.size();
            double seconds = pools.decodeStepSeconds(batch, context / batch);
            if (!(seconds > 0)) {
                throw new IllegalStateException("a decode step of " + batch + " sequences took " + seconds + " s");
            }
            q.stepping = true;
            steps++;
            runningTime += seconds * batch;
            schedule(now + seconds, Kind.STEP_DONE, q.index, null);
        }

        private void endStep(DecodeWorker q, double now) {
            for (int i = 0; i < q.running.size(); i++) {
                Request r = q.running.get(i);
                // A verification yields its own token and the drafts accepted, no more than the output has left.
                int accepted = draftTokens > 0 ? Math.min(Drafts.accepted(acceptances, draftTokens, pools.acceptance()), r.output - r.generated - 1) : 0;
                r.generated += 1 + accepted;
                if (r.generated == r.output) {
                    r.finish = now;
                    q.free += r.blocks;
                    r.blocks = 0;
                    q.running.remove(i--);
                    nextFromUser(now);
                }
            }
            startStep(q, now);
        }
    }
}
