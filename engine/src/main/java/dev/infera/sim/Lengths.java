package dev.infera.sim;

import java.util.List;
import java.util.SplittableRandom;

/** Prompt and output tokens of each simulated request. */
public sealed interface Lengths {
    /** Every request the same. */
    record Fixed(int promptTokens, int outputTokens) implements Lengths {}

    /** Uniform integers in [min, max], prompt and output drawn independently. */
    record Uniform(int promptMin, int promptMax, int outputMin, int outputMax) implements Lengths {}

    /** Taken in order from a trace (cycled when the run is longer); each entry {prompt, output}. */
    record Trace(List<int[]> requests) implements Lengths {
        public Trace {
            requests = List.copyOf(requests);
            if (requests.isEmpty()) {
                throw new IllegalArgumentException("a trace needs at least one request");
            }
        }
    }

    /** The i-th request's {prompt, output}. */
    default int[] draw(int i, SplittableRandom random) {
        if (this instanceof Fixed f) {
            return new int[] {f.promptTokens(), f.outputTokens()};
        }
        if (this instanceof Uniform u) {
            return new int[] {random.nextInt(u.promptMin(), u.promptMax() + 1), random.nextInt(u.outputMin(), u.outputMax() + 1)};
        }
        Trace t = (Trace) this;
        return t.requests().get(i % t.requests().size()).clone();
    }

    /** Mean prompt and output tokens. */
    default double[] means() {
        if (this instanceof Fixed f) {
            return new double[] {f.promptTokens(), f.outputTokens()};
        }
        if (this instanceof Uniform u) {
            return new double[] {(u.promptMin() + u.promptMax()) / 2.0, (u.outputMin() + u.outputMax()) / 2.0};
        }
        Trace t = (Trace) this;
        return new double[] {t.requests().stream().mapToInt(r -> r[0]).average().orElse(0),
                t.requests().stream().mapToInt(r -> r[1]).average().orElse(0)};
    }

    /** The longest sequence (prompt + output) a request may have. */
    default int maxSequenceTokens() {
        if (this instanceof Fixed f) {
            return f.promptTokens() + f.outputTokens();
        }
        if (this instanceof Uniform u) {
            return u.promptMax() + u.outputMax();
        }
        return ((Trace) this).requests().stream().mapToInt(r -> r[0] + r[1]).max().orElse(0);
    }
}
