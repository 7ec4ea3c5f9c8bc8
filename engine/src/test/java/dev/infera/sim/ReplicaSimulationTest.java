package dev.infera.sim;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.physics.StepTime;
import dev.infera.plan.DeploymentSpec;
import dev.infera.workload.LatencyTarget;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replica simulation against cases computed by hand from the step times. */
class ReplicaSimulationTest {
    private static final int PROMPT = 1792;
    private static final int OUTPUT = 256;
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());
    private final Deployment h100 = new DeploymentSpec("llama-3-8b", "h100-sxm-80g", 1, 1, 1, "fp8", null, "vllm", 1, PROMPT, OUTPUT).resolve(catalog);
    private final StepTime physics = StepTime.of(h100, estimator);
    private final StepCost cost = StepCost.of(physics);
    private final SchedulerLimits limits = SchedulerLimits.of(physics, 16, 4096, 256);
    private final Lengths fixed = new Lengths.Fixed(PROMPT, OUTPUT);

    private SimResult run(Arrivals arrivals, int requests, boolean steady) {
        return ReplicaSimulation.run(cost, limits, new Load(arrivals, fixed, requests, steady, 7), Sla.NONE);
    }

    /** A lone request: its prefill in one step, then one decode step per further token at a context growing by one. */
    private double aloneE2eSeconds() {
        double seconds = physics.prefillSeconds(PROMPT);
        for (int k = 1; k < OUTPUT; k++) {
            seconds += physics.decodeStepSeconds(1, PROMPT + k);
        }
        return seconds;
    }

    @Test
    void oneRequestAloneTakesItsPrefillThenOneDecodeStepPerToken() {
        SimResult r = run(new Arrivals.AllAtOnce(), 1, false);
        assertEquals(physics.prefillSeconds(PROMPT) * 1000, r.ttftMs().mean(), 1e-9);
        assertEquals(aloneE2eSeconds() * 1000, r.e2eMs().mean(), 1e-6);
        assertEquals((aloneE2eSeconds() - physics.prefillSeconds(PROMPT)) * 1000 / (OUTPUT - 1), r.tpotMs().mean(), 1e-6);
        // The closed form at the mean context agrees to well under a percent (the step is linear in context).
        Estimate e = estimator.estimate(h100, null);
        assertEquals(e.ttftAloneMs() + (OUTPUT - 1) * e.stepMs(), r.e2eMs().mean(), r.e2eMs().mean() * 0.005);
        assertEquals(0, r.preemptions());
    }

    @Test
    void aRateFarBelowCapacityGivesEveryRequestItsTtftAlone() {
        // Evenly spaced every 10 s while a request takes about 2 s: nobody ever waits.
        SimResult even = run(new Arrivals.Bursty(0.1, 0), 100, true);
        double alone = physics.prefillSeconds(PROMPT) * 1000;
        assertEquals(alone, even.ttftMs().mean(), 1e-6);
        assertEquals(alone, even.ttftMs().p99(), 1e-6);
        assertEquals(aloneE2eSeconds() * 1000, even.e2eMs().p99(), 1e-6);
        assertEquals(0.1, even.achievedRequestsPerS(), 0.1 * 0.03);
        // Poisson at one request per 1000 s: the median request arrives to idle GPUs too.
        assertEquals(alone, run(new Arrivals.Poisson(0.001), 200, true).ttftMs().p50(), 1e-6);
    }

    @Test
    void anOverloadedRateGrowsTheQueueWithTheRun() {
        double capacity = SustainableRate.capacityGuess(cost, limits, fixed);
        Arrivals overload = new Arrivals.Poisson(capacity * 3);
        SimResult shorter = run(overload, 500, true);
        SimResult longer = run(overload, 1500, true);
        assertTrue(longer.maxWaiting() > 2 * shorter.maxWaiting(), shorter.maxWaiting() + " then " + longer.maxWaiting());
        assertTrue(longer.ttftMs().mean() > 2 * shorter.ttftMs().mean(), shorter.ttftMs().mean() + " then " + longer.ttftMs().mean());
        assertTrue(longer.achievedRequestsPerS() < capacity * 3 * 0.6, longer.achievedRequestsPerS() + " of " + capacity * 3);
    }

    @Test
    void theSameSeedGivesTheSameNumbersAndAnotherSeedOthers() {
        Load load = new Load(new Arrivals.Bursty(20, 2), new Lengths.Uniform(500, 3000, 50, 400), 300, true, 11);
        SimResult a = ReplicaSimulation.run(cost, limits, load, Sla.NONE);
        SimResult b = ReplicaSimulation.run(cost, limits, load, Sla.NONE);
        assertEquals(a, b);
        SimResult c = ReplicaSimulation.run(cost, limits, new Load(load.arrivals(), load.lengths(), 300, true, 12), Sla.NONE);
        assertNotEquals(a.ttftMs(), c.ttftMs());
    }

    @Test
    void aPromptLongerThanTheTokenBudgetIsPrefilledInChunks() {
        SchedulerLimits small = new SchedulerLimits(limits.kvBlocks(), 16, 1024, 256);
        SimResult r = ReplicaSimulation.run(cost, small, new Load(new Arrivals.AllAtOnce(), new Lengths.Fixed(3000, 2), 1, false, 1), Sla.NONE);
        double chunks = cost.stepSeconds(0, 0, 1024, cost.prefillChunkFlops(0, 1024))
                + cost.stepSeconds(0, 0, 1024, cost.prefillChunkFlops(1024, 1024))
                + cost.stepSeconds(0, 0, 952, cost.prefillChunkFlops(2048, 952));
        assertEquals(chunks * 1000, r.ttftMs().mean(), 1e-9);
        assertEquals(4, r.steps());
    }

    @Test
    void whenBlocksRunOutTheLatestAdmittedSequenceIsPreemptedAndRecomputedAndEveryoneFinishes() {
        // Blocks for 4 whole sequences of 2048 tokens; 16 prompts of 1792 are admitted as their chunks fit, then grow.
        SchedulerLimits tight = new SchedulerLimits(4 * 2048 / 16 + 40, 16, 4096, 256);
        SimResult r = ReplicaSimulation.run(cost, tight, new Load(new Arrivals.AllAtOnce(), fixed, 16, false, 3), Sla.NONE);
        assertTrue(r.preemptions() > 0);
        assertEquals(16, r.completed());
        assertEquals(16, r.ttftMs().count());
        // With room for every sequence, nobody is preempted.
        assertEquals(0, ReplicaSimulation.run(cost, limits, new Load(new Arrivals.AllAtOnce(), fixed, 16, false, 3), Sla.NONE).preemptions());
    }

    @Test
    void aRequestLongerThanTheWholeCacheIsRejectedNotServed() {
        SchedulerLimits tiny = new SchedulerLimits(100, 16, 4096, 256);
        SimResult r = ReplicaSimulation.run(cost, tiny, new Load(new Arrivals.AllAtOnce(), fixed, 3, false, 3), new Sla(LatencyTarget.mean(1e9), null));
        assertEquals(3, r.rejected());
        assertFalse(r.slaMet());
    }

    @Test
    void oneUserInAClosedLoopSendsTheNextRequestWhenTheLastEnds() {
        SimResult r = run(new Arrivals.ClosedLoop(1, 0), 20, false);
        assertEquals(aloneE2eSeconds() * 1000, r.e2eMs().p99(), 1e-6);
        assertEquals(1 / aloneE2eSeconds(), r.achievedRequestsPerS(), 1e-9);
        SimResult thinking = run(new Arrivals.ClosedLoop(1, 1.0), 20, false);
        assertEquals(20 / (20 * aloneE2eSeconds() + 19 * 1.0), thinking.achievedRequestsPerS(), 1e-9);
    }

    @Test
    void goodputCountsOnlyTheRequestsWithinTheTargets() {
        Arrivals busy = new Arrivals.Poisson(SustainableRate.capacityGuess(cost, limits, fixed) * 0.9);
        Load load = new Load(busy, fixed, 400, true, 5);
        SimResult loose = ReplicaSimulation.run(cost, limits, load, new Sla(LatencyTarget.mean(1e9), LatencyTarget.mean(1e9)));
        assertEquals(loose.achievedRequestsPerS(), loose.goodputRequestsPerS(), 1e-12);
        double median = loose.ttftMs().p50();
        SimResult strict = ReplicaSimulation.run(cost, limits, load, new Sla(new LatencyTarget(median, 50), null));
        // About half the requests have a TTFT at or below the median.
        assertEquals(0.5, strict.goodputRequestsPerS() / strict.achievedRequestsPerS(), 0.02);
        assertTrue(strict.slaMet());
        assertFalse(ReplicaSimulation.run(cost, limits, load, new Sla(new LatencyTarget(median, 90), null)).slaMet());
    }

    @Test
    void theSustainableRateMeetsTheSlaAndTwiceItDoesNot() {
        Sla sla = new Sla(new LatencyTarget(1000, 99), new LatencyTarget(30, 90));
        Load load = new Load(new Arrivals.Poisson(1), fixed, 400, true, 9);
        SustainableRate.Result found = SustainableRate.find(cost, limits, load, sla);
        assertTrue(found.rate() > 0);
        assertTrue(found.atRate().slaMet());
        assertTrue(found.atRate().ttftMs().p99() <= 1000 && found.atRate().tpotMs().p90() <= 30);
        assertFalse(ReplicaSimulation.run(cost, limits, load.withArrivals(new Arrivals.Poisson(found.rate() * 2)), sla).slaMet());
    }

    @Test
    void burstyGapsHaveTheRateAndTheCoefficientOfVariationAsked() {
        for (double cv : List.of(0.5, 1.0, 3.0)) {
            Arrivals a = new Arrivals.Bursty(4, cv);
            SplittableRandom random = new SplittableRandom(1);
            int n = 200_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double gap = a.nextGapSeconds(random);
                sum += gap;
                squares += gap * gap;
            }
            double mean = sum / n;
            double sd = Math.sqrt(squares / n - mean * mean);
            assertEquals(0.25, mean, 0.25 * 0.02, "cv " + cv);
            assertEquals(cv, sd / mean, cv * 0.05, "cv " + cv);
        }
    }

    // A cached prompt prefix: hits prefill only the rest, the prefix's blocks are held once.
    private static final int PREFIX = 1536;

    private SimResult runWithPrefix(SchedulerLimits l, Arrivals arrivals, int requests, int prefix, double hit) {
        return ReplicaSimulation.run(cost, l, new Load(arrivals, fixed, requests, false, 7, prefix, hit), Sla.NONE);
    }

    @Test
    void aLoneHitPrefillsOnlyTheTokensAfterThePrefixAttendingOverIt() {
        SimResult hit = runWithPrefix(limits, new Arrivals.AllAtOnce(), 1, PREFIX, 1);
        // One step of the 256 uncached tokens, whose FLOPs include attention over the 1536 cached ones.
        double step = physics.stepSeconds(0, 0, PROMPT - PREFIX, physics.prefillChunkFlops(PREFIX, PROMPT - PREFIX));
        assertEquals(step * 1000, hit.ttftMs().mean(), 1e-9);
        SimResult whole = runWithPrefix(limits, new Arrivals.AllAtOnce(), 1, 0, 0);
        assertEquals(physics.prefillSeconds(PROMPT) * 1000, whole.ttftMs().mean(), 1e-9);
        assertTrue(hit.ttftMs().mean() < whole.ttftMs().mean() / 3, hit.ttftMs().mean() + " against " + whole.ttftMs().mean());
    }

    @Test
    void noPrefixOrNoHitsIsTheSimulationWithoutOne() {
        Load plain = new Load(new Arrivals.Poisson(20), fixed, 300, true, 7);
        SimResult without = ReplicaSimulation.run(cost, limits, plain, Sla.NONE);
        for (Load none : new Load[] {new Load(plain.arrivals(), fixed, 300, true, 7, 0, 1), new Load(plain.arrivals(), fixed, 300, true, 7, PREFIX, 0)}) {
            SimResult r = ReplicaSimulation.run(cost, limits, none, Sla.NONE);
            assertEquals(without.ttftMs().mean(), r.ttftMs().mean());
            assertEquals(without.ttftMs().p99(), r.ttftMs().p99());
            assertEquals(without.tpotMs().mean(), r.tpotMs().mean());
            assertEquals(without.steps(), r.steps());
        }
    }

    @Test
    void aHitRateIsSpreadEvenlyOverTheRequests() {
        Load half = new Load(new Arrivals.AllAtOnce(), fixed, 1000, false, 7, PREFIX, 0.5);
        assertEquals(500, IntStream.range(0, 1000).filter(half::hitsPrefix).count());
        Load most = new Load(new Arrivals.AllAtOnce(), fixed, 1000, false, 7, PREFIX, 0.9);
        assertEquals(900, IntStream.range(0, 1000).filter(most::hitsPrefix).count());
        assertEquals(9, IntStream.range(0, 10).filter(most::hitsPrefix).count(), "nine in every ten, not nine hundred then a hundred misses");
    }

    @Test
    void thePrefixsBlocksAreHeldOnceSoMoreSequencesFit() {
        // Room for the prefix (96 blocks) and four sequences' own 512 tokens (32 blocks each); a whole sequence needs 128.
        SchedulerLimits room = new SchedulerLimits(96 + 4 * 32, 16, 4096, 256);
        SimResult hits = runWithPrefix(room, new Arrivals.AllAtOnce(), 4, PREFIX, 1);
        SimResult whole = runWithPrefix(room, new Arrivals.AllAtOnce(), 4, 0, 0);
        assertEquals(0, hits.preemptions(), "four sequences of their own tokens fit beside one prefix");
        assertTrue(whole.preemptions() > 0, "four whole sequences of 128 blocks do not fit in 224");
        assertTrue(hits.e2eMs().p99() < whole.e2eMs().p99());
    }
}
