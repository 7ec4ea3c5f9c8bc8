package dev.infera.sim;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.physics.DisaggregatedEstimate;
import dev.infera.physics.DisaggregatedEstimator;
import dev.infera.physics.Estimator;
import dev.infera.physics.Latency;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The split simulation against cases by hand, queueing theory, and the closed form at low load. */
class DisaggregatedSimulationTest {
    /** Fixed costs: a prefill 1 s, a KV transfer 0.2 s, a decode step 0.03 s at any batch; room for 1,000 blocks of 16 tokens. */
    private static DisaggregatedSimulation.Pools fixed(int x, int y) {
        return new DisaggregatedSimulation.Pools() {
            @Override public int prefillWorkers() { return x; }
            @Override public int decodeWorkers() { return y; }
            @Override public double prefillSeconds(int promptTokens) { return 1.0; }
            @Override public double transferSeconds(int promptTokens) { return 0.2; }
            @Override public double decodeStepSeconds(int batch, double meanContext) { return 0.03; }
            @Override public double prefillKvTokens() { return 1e6; }
            @Override public SchedulerLimits decodeLimits() { return new SchedulerLimits(1000, 16, 4096, 256); }
        };
    }

    private static SimResult allAtOnce(DisaggregatedSimulation.Pools pools, int requests, int prompt, int output) {
        Load load = new Load(new Arrivals.AllAtOnce(), new Lengths.Fixed(prompt, output), requests, false, 1);
        return DisaggregatedSimulation.run(pools, load, LoadSpec.atRate(Double.POSITIVE_INFINITY, requests), Sla.NONE).split();
    }

    @Test
    void byHand() {
        // Alone: TTFT = prefill 1 s + transfer 0.2 s; then 10 decode steps of 0.03 s for tokens 2 to 11.
        SimResult alone = allAtOnce(fixed(1, 1), 1, 100, 11);
        assertEquals(1200, alone.ttftMs().mean(), 1e-9);
        assertEquals(1200 + 10 * 30, alone.e2eMs().mean(), 1e-9);
        assertEquals(30, alone.tpotMs().mean(), 1e-9);
        assertEquals(10, alone.steps());
        // Two at once on one prefill worker: the second prefills from 1 s to 2 s, is sent 2 to 2.2 s (the link is free
        // again at 1.2 s), and decodes alone: the first finished at 1.5 s.
        SimResult two = allAtOnce(fixed(1, 1), 2, 100, 11);
        assertEquals((1200 + 2200) / 2.0, two.ttftMs().mean(), 1e-9);
        assertEquals((1500 + 2500) / 2.0, two.e2eMs().mean(), 1e-9);
        assertEquals(1, two.maxWaiting(), "the second prompt waited while the first prefilled");
        // Two prefill workers, each with its own link: both are first tokens at 1.2 s and decode together on one worker.
        SimResult parallel = allAtOnce(fixed(2, 1), 2, 100, 11);
        assertEquals(1200, parallel.ttftMs().mean(), 1e-9);
        assertEquals(10, parallel.steps());
        // With two decode workers each decodes one: 20 steps of one sequence.
        assertEquals(20, allAtOnce(fixed(2, 2), 2, 100, 11).steps());
        // A sequence longer than a decode worker's KV (1,000 x 16 tokens) is refused.
        assertEquals(1, allAtOnce(fixed(1, 1), 1, 16_000, 100).rejected());
    }

    @Test
    void aDecodeWorkerAdmitsOnlyWhatItsKvHoldsWhole() {
        // 100 blocks: a sequence of 800 + 800 tokens takes 100; the second waits for the first to finish.
        DisaggregatedSimulation.Pools tight = new DisaggregatedSimulation.Pools() {
            final DisaggregatedSimulation.Pools base = fixed(2, 1);
            @Override public int prefillWorkers() { return 2; }
            @Override public int decodeWorkers() { return 1; }
            @Override public double prefillSeconds(int p) { return base.prefillSeconds(p); }
            @Override public double transferSeconds(int p) { return base.transferSeconds(p); }
            @Override public double decodeStepSeconds(int b, double c) { return base.decodeStepSeconds(b, c); }
            @Override public double prefillKvTokens() { return 1e6; }
            @Override public SchedulerLimits decodeLimits() { return new SchedulerLimits(100, 16, 4096, 256); }
        };
        SimResult r = allAtOnce(tight, 2, 800, 800);
        // The first decodes 799 steps from 1.2 s; the second starts at the step boundary when it ends: 1.2 + 2 x 799 x 0.03 s.
        assertEquals(((1.2 + 799 * 0.03) + (1.2 + 2 * 799 * 0.03)) / 2 * 1000, r.e2eMs().mean(), 1e-6);
        assertEquals(2 * 799, r.steps());
    }

    @Test
    void onePrefillWorkersWaitIsTheMd1Queues() {
        // Poisson at 0.5 requests/s into a 1 s prefill: rho = 0.5, M/D/1 wait = rho / (2 (1 - rho)) x 1 s = 0.5 s. 20,000
        // requests: the mean of correlated waits is within a few percent; held to 8 %.
        Load load = new Load(new Arrivals.Poisson(0.5), new Lengths.Fixed(100, 11), 20_000, true, 3);
        DisaggregatedSimulation.Result r = DisaggregatedSimulation.run(fixed(1, 1), load, LoadSpec.atRate(0.5, null), Sla.NONE);
        double md1 = Latency.md1WaitSeconds(0.5, 1.0) * 1000;
        assertEquals(md1, r.prefillWaitMs(), md1 * 0.08);
        assertEquals(200, r.transferMs(), 1e-9);
    }

    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());

    private DisaggregatedDeployment split(int x, int y) {
        Deployment worker = new DeploymentSpec("llama-3.1-8b", "hgx-h100-8gpu", 1, 1, 1, "fp8", null, "vllm", 1, 3000, 200).resolve(catalog);
        Deployment p = worker.withReplicas(x);
        Deployment q = worker.withReplicas(y);
        return new DisaggregatedDeployment(p, q, DisaggregatedDeployment.defaultLink(p, q));
    }

    @Test
    void atLowLoadItIsTheClosedFormAndQueueingGrowsWithTheRate() {
        DisaggregatedDeployment d = split(1, 1);
        double rate = 0.02;
        DisaggregatedEstimate closed = new DisaggregatedEstimator(estimator).atRate(d, rate, null, null);
        DisaggregatedSimulation.Result low = DisaggregatedSimulation.run(d, estimator, LoadSpec.atRate(rate, null), Sla.NONE);
        // A request every 50 s that takes about 1 s: the median one finds both pools idle, TTFT = prefill + transfer.
        assertEquals(closed.prefillMs() + closed.kvTransferMs(), low.split().ttftMs().p50(), 1e-6 * closed.ttftMs());
        assertEquals(closed.kvTransferMs(), low.transferMs(), 1e-9);
        // Its tokens come at the decode step of one sequence; the closed form's is at the mean context, the simulation's
        // context grows step by step (the step is nearly linear in it): within 1 %.
        assertEquals(closed.tpotMs(), low.split().tpotMs().p50(), closed.tpotMs() * 0.01);
        double capacity = closed.capacityRequestsPerS();
        double previous = 0;
        for (double share : new double[] {0.3, 0.6, 0.9}) {
            DisaggregatedSimulation.Result r = DisaggregatedSimulation.run(d, estimator, LoadSpec.atRate(capacity * share, null), Sla.NONE);
            assertTrue(r.prefillWaitMs() > previous, share + " of capacity: wait " + r.prefillWaitMs() + " after " + previous);
            previous = r.prefillWaitMs();
        }
        assertTrue(previous > closed.prefillMs(), "at 0.9 of capacity prompts wait more than a prefill: " + previous);
    }

    @Test
    void theSameSeedGivesTheSameNumbers() {
        DisaggregatedDeployment d = split(2, 2);
        LoadSpec spec = LoadSpec.atRate(3, 300);
        assertEquals(DisaggregatedSimulation.run(d, estimator, spec, Sla.NONE).split(), DisaggregatedSimulation.run(d, estimator, spec, Sla.NONE).split());
    }
}
