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
 * - an engine that reserves whole sequences ({@link SchedulerLimits#reservesWholeSequence()}, TensorRT-LLM's
 *   GUARANTEED_NO_EVICT) admits a request only when free blocks hold its prompt and all its output, takes them all at
 *   admission, and so never preempts: the request at the head of the queue waits until finished sequences free them;
 * - an engine that predicts output at admission ({@link SchedulerLimits#outputEstimate()}, SGLang's new_token_ratio) also
 *   admits a waiting request only while free KV tokens, less the ratio x each running request's remaining (clipped) output
 *   and less the prompt + clipped output of those admitted before it in the same step, exceed its own prompt still to
 *   prefill + clipped remaining output; the ratio decays each step that decodes, is reset from the batch after a preemption,
 *   and returns to its start when the replica is idle;
 * - a step lasts what {@link StepCost} says for its decode tokens and chunks; tokens appear at its end;
 * - a speculating replica (k drafted tokens per verification) verifies each decoding sequence over k + 1 tokens, which the
 *   token budget counts, after k draft steps ({@link StepCost#speculativeStepSeconds}), and the sequence advances by the
 *   tokens accepted ({@link Drafts}): its KV grows by as many, rejected drafts hold none.
 * - a cached prompt prefix ({@link Load#prefixTokens()}) is held once, its blocks taken from the replica's KV at the start; a
 *   request that hits it starts with those tokens in KV (it prefills the rest, attending over them) and holds blocks only for
 *   its own tokens; preempted, it keeps the prefix and recomputes only its own.
 * - multi-step scheduling ({@link SchedulerLimits#schedulerSteps()} N > 1, vLLM 0.6's --num-scheduler-steps): the scheduler
 *   runs once per round. When the head of the queue fits, the round is one step of whole prompts only (vLLM 0.6 refuses
 *   chunked prefill with multi-step, and its default scheduler runs no decodes in a step that prefills); else the running
 *   batch decodes a round of min(N, the longest remaining output) steps with its members fixed, admitting nothing, each
 *   sequence taking the blocks of the tokens it will write in the round at its start, and the round's tokens (and a
 *   sequence's finish) appear at the round's end, as they are streamed back in a burst. A speculating replica is scheduled
 *   every step (vLLM refuses speculative decoding with multi-step).
 * Deterministic: the only randomness is the seeded stream of arrival gaps and lengths, and a second seeded stream of draft acceptances.
 */
public final class ReplicaSimulation {
    private ReplicaSimulation() {}

    private static final class Request extends Measurement.Served {
        long cached;
        /** Prompt tokens found in the prefix cache: held once for all requests, not in {@link #blocks} (0: a miss). */
        final int shared;
        int scheduled;
        // Tokens this step yields beyond its one: accepted drafts (speculating) or the further steps of a multi-step round.
        int drafted;

        Request(int id, double arrival, int prompt, int output, int shared) {
            super(id, arrival, prompt, output);
            this.shared = shared;
            this.cached = shared;
        }

        /** KV tokens of its own at its end, outside the shared prefix = prompt + output - shared. */
        long ownTokens() {
            return (long) prompt + output - shared;
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
        long verifications = 0;
        long verifiedTokens = 0;
        int maxWaiting = 0;
        int rejected = 0;
        double runningTime = 0;
        double now = 0;
        List<Request> admitted = new ArrayList<>();
        int k = cost.draftTokens();
        OutputEstimate estimate = limits.outputEstimate();
        double ratio = estimate == null ? 0 : estimate.initialRatio();
        SplittableRandom acceptances = k > 0 ? Drafts.stream(load.seed()) : null;
        int roundSteps = limits.schedulerSteps();
        boolean multiStep = roundSteps > 1 && k == 0;
        while (true) {
            while (!pending.isEmpty() && pending.peek().arrival <= now) {
                Request r = pending.poll();
                if (limits.blocksFor(r.ownTokens()) > capacity) {
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
                // SGLang resets new_token_ratio when the server is idle.
                ratio = estimate == null ? 0 : estimate.initialRatio();
                continue;
            }

            // Running requests first, in admission order; one that needs a block evicts the latest admitted.
            long preemptionsBefore = preemptions;
            int budget = limits.tokenBudget();
            // Multi-step: a round prefills whole prompts alone when the head of the queue fits, else it decodes and admits nothing.
            boolean prefillRound = multiStep && !waiting.isEmpty() && admissible(waiting.peekFirst(), running.size(), free, limits);
            for (int i = 0; !prefillRound && i < running.size() && budget > 0; i++) {
                Request r = running.get(i);
                int chunk = (int) Math.min(r.target() - r.cached, budget);
                boolean decoding = r.generated > 0 && r.cached + 1 == r.target();
                // A verification yields 1 + the accepted drafts, no more than the output has left; a multi-step round
                // min(N, the output left) tokens.
                r.drafted = multiStep && decoding ? Math.min(roundSteps, r.output - r.generated) - 1
                        : k > 0 && decoding ? Math.min(Drafts.accepted(acceptances, k, cost.acceptance()), r.output - r.generated - 1) : 0;
                long needed = limits.blocksNeeded(r.cached + chunk + r.drafted - r.shared, r.ownTokens(), r.blocks);
                // A reserving engine's running sequences hold their whole reservation (needed 0): none is ever evicted.
                while (needed > free && running.size() - 1 > i) {
                    Request victim = running.remove(running.size() - 1);
                    budget += budgetTaken(victim, k);
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
                budget -= budgetTaken(r, k);
            }
            // Then waiting requests, first come first served, while the batch, the budget and the free blocks allow.
            admitted.clear();
            long stepPreemptions = preemptions - preemptionsBefore;
            // Predicted output still to come: ratio x each running request's clipped remaining output (tokens).
            double predicted = 0;
            // SGLang's budget is the pool's free tokens when admission starts, less each request it admits in full.
            long freeAtAdmission = free;
            for (Request r : estimate == null ? List.<Request>of() : running) {
                predicted += estimate.clipped(r.output - r.generated) * ratio;
            }
            while ((!multiStep || prefillRound) && budget > 0 && !waiting.isEmpty() && running.size() + admitted.size() < limits.maxSequences()) {
                Request r = waiting.peekFirst();
                // Multi-step prompts run whole (no chunking): the budget caps the step's prompt tokens, and a prompt longer than
                // the whole budget runs alone.
                int chunk = (int) (multiStep ? r.target() - r.cached : Math.min(r.target() - r.cached, budget));
                if (chunk > budget && !admitted.isEmpty()) {
                    break;
                }
                long needed = limits.blocksNeeded(r.cached + chunk - r.shared, r.ownTokens(), r.blocks);
                // The head of the queue waits (FIFO) until finished sequences free the blocks it needs: its next chunk's
                // on a paged engine, its whole sequence's on a reserving one.
                if (needed > free) {
                    break;
                }
                // SGLang refuses when prompt to extend + clipped output >= free tokens - the running requests' prediction.
                long charged = estimate == null ? 0 : r.target() - r.cached + estimate.clipped(r.output - r.generated);
                if (estimate != null && charged >= freeAtAdmission * limits.blockTokens() - predicted) {
                    break;
                }
                predicted += charged;
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
            // A multi-step decode round runs its fixed batch for as many steps as its longest remaining output needs, up to N;
            // each step's context is one token longer: seconds = sum over s < round of step(decodes, mean context + s).
            int round = 1;
            for (Request r : multiStep ? running : List.<Request>of()) {
                round = Math.max(round, r.scheduled == 0 ? 1 : 1 + r.drafted);
            }
            double seconds = 0;
            for (int s = 0; s < round; s++) {
                double context = decodes == 0 ? 0 : decodeContext / decodes + s;
                seconds += k > 0 ? cost.speculativeStepSeconds(decodes, context, prefillTokens, prefillFlops)
                        : cost.stepSeconds(decodes, context, prefillTokens, prefillFlops);
            }
            if (!(seconds > 0)) {
                throw new IllegalStateException("a step of " + decodes + " decodes and " + prefillTokens + " prefill tokens took " + seconds + " s");
            }
            runningTime += seconds * running.size();
            now += seconds;
            steps += round;
            if (estimate != null && decodes > 0) {
                // A retraction resets the ratio from the batch left running; a decode step without one decays it.
                ratio = stepPreemptions > 0
                        ? estimate.afterRetraction(running.stream().mapToLong(r -> r.generated).sum(),
                                running.stream().mapToLong(r -> r.output).sum(), running.size())
                        : estimate.decayed(ratio);
            }

            for (int i = 0; i < running.size(); i++) {
                Request r = running.get(i);
                if (r.scheduled == 0) {
                    continue;
                }
                if (isVerifying(r, k)) {
                    verifications++;
                    verifiedTokens += 1 + r.drafted;
                }
                r.cached += r.scheduled;
                r.scheduled = 0;
                if (r.cached == r.target()) {
                    // The accepted drafts' tokens appear with the verifier's, and their KV stays.
                    r.cached += r.drafted;
                    r.generated += 1 + r.drafted;
                    r.drafted = 0;
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
        return Measurement.of(all, load, sla, new Measurement.Tally(preemptions, rejected, maxWaiting, runningTime, steps,
                k, cost.acceptance(), verifications, verifiedTokens));
    }

    /** True when the head of the queue can start now: the batch has room and free blocks hold its prompt (its whole sequence on a reserving engine). */
    private static boolean admissible(Request head, int running, long free, SchedulerLimits limits) {
        return running < limits.maxSequences() && limits.blocksNeeded(head.target() - head.shared, head.ownTokens(), head.blocks) <= free;
    }

    /** Budget tokens a scheduled sequence takes: its chunk, and the k drafts a verification runs beside its one token. */
    private static int budgetTaken(Request r, int draftTokens) {
        return r.scheduled + (isVerifying(r, draftTokens) ? draftTokens : 0);
    }

    private static boolean isVerifying(Request r, int draftTokens) {
        return draftTokens > 0 && r.generated > 0 && r.scheduled == 1 && r.cached + 1 == r.target();
    }

    /** Frees a sequence's KV (recompute later); returns the blocks freed. */
    private static long preempt(Request r) {
        long blocks = r.blocks;
        r.blocks = 0;
        r.cached = r.shared;
        r.scheduled = 0;
        r.drafted = 0;
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
}
