package dev.infera.analysis;

import dev.infera.catalog.Catalog;
import dev.infera.catalog.Price;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.plan.Candidate;
import dev.infera.workload.ScenarioKind;
import dev.infera.workload.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One candidate re-estimated at other numbers of concurrent users, spread over its replicas as the
 * planner spreads them ({@link Deployment#batchPerReplica}). The point at the scenario's own load is
 * estimated the same way, so it shows the numbers the candidate was ranked on.
 */
public final class LoadSweep {
    /** Concurrency levels the latency charts sweep (the scenario's own is added). */
    public static final List<Integer> USERS = List.of(1, 2, 4, 8, 16, 32, 64, 128, 256);

    /** One level: users, the batch per replica, and the estimate (null when that batch does not fit). */
    public record Point(int users, int batchPerReplica, Estimate estimate) {
        public boolean fits() {
            return estimate != null;
        }
    }

    private LoadSweep() {}

    /** Users the candidate serves in the scenario: the users given, or what a rate or an offline batch made of them. */
    public static int scenarioUsers(Workload w, Candidate c) {
        return w.concurrencyFromRate() || w.kind() == ScenarioKind.OFFLINE ? c.getBatch() * c.getReplicas() : w.users();
    }

    public static List<Point> of(Catalog catalog, Estimator estimator, Workload w, Candidate c) {
        Set<Integer> levels = new TreeSet<>(USERS);
        levels.add(scenarioUsers(w, c));
        Price price = catalog.price(c.gpuSpec()).orElse(null);
        List<Point> out = new ArrayList<>();
        for (int users : levels) {
            int batch = Deployment.batchPerReplica(users, c.getReplicas());
            Estimate e = estimator.estimate(c.deployment().withBatch(batch), price);
            out.add(new Point(users, batch, e.supported() && e.fits() ? e : null));
        }
        return out;
    }

    /** The point at {@code users}, if the sweep has it. */
    public static Point at(List<Point> sweep, int users) {
        return sweep.stream().filter(p -> p.users() == users).findFirst().orElse(null);
    }
}
