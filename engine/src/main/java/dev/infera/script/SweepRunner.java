package dev.infera.script;

import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.text.Csv;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Evaluates a sweep on a fixed pool of worker threads that share one {@link Advisor} (one compiled
 * rule base, one catalog). Rows stream to the output as cases complete; {@link #cancel} (Ctrl-C)
 * stops new work and closes the output between two whole cases.
 */
public final class SweepRunner {
    /**
     * @param out       where rows stream (.csv or .jsonl); null keeps them in memory only
     * @param resume    skip the cases already complete in {@code out}
     * @param progress  draw a progress bar on {@code err} (only when it is a terminal)
     * @param threads   worker threads; all cores when 0
     */
    public record Options(Path out, boolean resume, boolean progress, int threads) {}

    private final Advisor advisor;
    private final Options options;
    private final PrintStream err;
    private volatile boolean cancelled;
    private volatile SweepOutput output;
    private volatile ExecutorService pool;
    private volatile Runnable afterCase = () -> {};

    public SweepRunner(Advisor advisor, Options options, PrintStream err) {
        this.advisor = advisor;
        this.options = options;
        this.err = err;
    }

    /**
     * Runs {@code listener} on the worker thread each time a case's rows have been written and counted,
     * before the worker takes its next case (a test seam: cancelling from it stops the sweep at a known case).
     */
    public SweepRunner afterEachCase(Runnable listener) {
        afterCase = listener;
        return this;
    }

    public SweepResult run(Sweep sweep) {
        long start = System.nanoTime();
        List<List<String>>[] rows = newRowTable(sweep.size());
        List<Sweep.Case> todo = new ArrayList<>();
        Map<String, List<SweepOutput.Line>> done = options.out() != null && options.resume()
                ? SweepOutput.resume(options.out()) : Map.of();
        for (Sweep.Case c : sweep.cases()) {
            List<SweepOutput.Line> previous = done.get(c.key());
            if (previous == null) {
                todo.add(c);
            } else {
                rows[c.index()] = previous.stream().map(SweepOutput.Line::cells).toList();
            }
        }
        output = options.out() == null ? null
                : options.resume() ? SweepOutput.append(options.out(), SweepOutput.formatOf(options.out()))
                : SweepOutput.create(options.out());
        int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger finished = new AtomicInteger();
        AtomicLong candidates = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Progress bar = options.progress() && System.console() != null ? new Progress(err, todo.size(), finished, start) : null;
        for (Sweep.Case c : todo) {
            pool.execute(() -> {
                if (cancelled) {
                    return;
                }
                try {
                    List<List<Object>> result = evaluate(c, sweep.top(), candidates);
                    if (cancelled) {
                        return;
                    }
                    if (output != null) {
                        output.write(result);
                    }
                    rows[c.index()] = result.stream().map(row -> Csv.parse(Csv.line(row))).toList();
                    finished.incrementAndGet();
                    afterCase.run();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    cancelled = true;
                }
            });
        }
        pool.shutdown();
        try {
            while (!pool.awaitTermination(100, TimeUnit.MILLISECONDS)) {
                if (bar != null) {
                    bar.draw(false);
                }
            }
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
        } finally {
            if (bar != null) {
                bar.draw(true);
            }
            if (failure.get() != null && output != null) {
                output.discard();
            }
            closeOutput();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        List<List<String>> all = new ArrayList<>();
        for (List<List<String>> caseRows : rows) {
            if (caseRows != null) {
                all.addAll(caseRows);
            }
        }
        return new SweepResult(sweep, all, finished.get(), sweep.size() - todo.size(), candidates.get(),
                (System.nanoTime() - start) / 1e9, cancelled);
    }

    private List<List<Object>> evaluate(Sweep.Case c, int top, AtomicLong candidates) {
        // The rows written are the ones explained (their notes and warnings); every candidate is judged.
        // A case with no candidates at all (nothing fits the constraints) is an answer, not a failure;
        // an error (a rule that fails, say) stops the sweep with its message.
        java.util.Optional<Advice> answer = advisor.adviseIfAny(c.scenario(), new Advisor.Shown(top));
        if (answer.isEmpty()) {
            return List.of(SweepRows.failed(c, 0, Advisor.NO_CANDIDATES));
        }
        Advice advice = answer.get();
        candidates.addAndGet(advice.candidates());
        return SweepRows.of(c, advice, top);
    }

    /** Stops the sweep: no case starts or writes after this; the output closes after the case being written. */
    public void cancel() {
        cancelled = true;
        ExecutorService running = pool;
        if (running != null) {
            running.shutdownNow();
        }
        closeOutput();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    private void closeOutput() {
        SweepOutput open = output;
        if (open != null) {
            open.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>>[] newRowTable(int size) {
        return (List<List<String>>[]) new List<?>[size];
    }

    /** "sweep  1,234/10,000  12 %  850 scenarios/s  ETA 0:10", redrawn in place. */
    private static final class Progress {
        private final PrintStream err;
        private final int total;
        private final AtomicInteger finished;
        private final long start;

        Progress(PrintStream err, int total, AtomicInteger finished, long start) {
            this.err = err;
            this.total = total;
            this.finished = finished;
            this.start = start;
        }

        void draw(boolean last) {
            int done = finished.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = seconds > 0 ? done / seconds : 0;
            long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) width * done / total);
            err.print(String.format(Locale.ROOT, "\r[%s%s] %,d/%,d %3d %%  %.0f scenarios/s  ETA %d:%02d ",
                    "#".repeat(filled), " ".repeat(width - filled), done, total, total == 0 ? 100 : 100L * done / total,
                    rate, eta / 60, eta % 60));
            if (last) {
                err.println();
            }
            err.flush();
        }
    }
}
