package io.annotrail.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the K annotator threads of one claim → submit run share, in the application's loop ({@link ClaimLoop}) and in
 * the bare-SQL baseline ({@link SqlBaseline}) alike: the target, the counters, the error kinds, a pair of latency
 * histograms per thread, the start signal and the run's clock, which ends with the last successful submit (the idle
 * empty claims of the tail are not work).
 */
final class RunState {

    /**
     * A worker stops after this many empty claims in a row (or as soon as the target is reached): an empty claim is
     * not final under contention, when every candidate may be row-locked by other claimers at that moment.
     */
    static final int EMPTY_CLAIMS_BEFORE_DONE = 8;

    /** One thread's latency histograms. */
    record Worker(Histogram claim, Histogram submit) {
    }

    private final long target;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong lastSubmitNanos = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LongAdder emptyClaims = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final List<Histogram> claimHistograms = new ArrayList<>();
    private final List<Histogram> submitHistograms = new ArrayList<>();
    private final CountDownLatch go = new CountDownLatch(1);
    private long start;
    private boolean capped;

    RunState(long target) {
        this.target = target;
    }

    /** A new worker's histograms; called by the thread that sets the run up, before {@link #go()}. */
    Worker newWorker() {
        Worker worker = new Worker(LatencyStats.newHistogram(), LatencyStats.newHistogram());
        claimHistograms.add(worker.claim());
        submitHistograms.add(worker.submit());
        return worker;
    }

    void awaitGo() throws InterruptedException {
        go.await();
    }

    boolean stopped() {
        return stop.get();
    }

    void stop() {
        stop.set(true);
    }

    void error(String kind) {
        errors.computeIfAbsent(kind.strip(), x -> new LongAdder()).increment();
    }

    /**
     * Counts an empty claim; {@code streak} is how many came in a row, this one included. True when the worker is
     * done; else it should wait {@link #backoffMillis(int)} before claiming again.
     */
    boolean emptyClaim(int streak) {
        emptyClaims.increment();
        return submitted.get() >= target || streak >= EMPTY_CLAIMS_BEFORE_DONE;
    }

    static long backoffMillis(int streak) {
        return Math.min(200, 5L << (streak - 1));
    }

    /** Counts a stored submit that finished at {@code nanos}; answers the run's submit count so far. */
    long submitted(long nanos) {
        long count = submitted.incrementAndGet();
        lastSubmitNanos.accumulateAndGet(nanos, Math::max);
        return count;
    }

    /** Starts the clock and lets the workers go. */
    void go() {
        start = System.nanoTime();
        lastSubmitNanos.set(start);
        go.countDown();
    }

    /** Waits for the workers until {@code cap} after {@link #go()}; workers still running then are stopped. */
    void await(List<Thread> threads, Duration cap) {
        long deadline = start + cap.toNanos();
        for (Thread t : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
                if (t.isAlive()) {
                    capped = true;
                    stop.set(true);
                    t.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
            }
        }
    }

    long target() {
        return target;
    }

    boolean capped() {
        return capped;
    }

    /** From {@link #go()} to the last successful submit. */
    double seconds() {
        return Math.max(1e-9, (lastSubmitNanos.get() - start) / 1e9);
    }

    long cycles() {
        return submitted.get();
    }

    long emptyClaims() {
        return emptyClaims.sum();
    }

    Map<String, Long> errorKinds() {
        Map<String, Long> kinds = new TreeMap<>();
        errors.forEach((kind, n) -> kinds.put(kind, n.sum()));
        return kinds;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    LatencyStats claimLatency() {
        return LatencyStats.of(claimHistograms);
    }

    LatencyStats submitLatency() {
        return LatencyStats.of(submitHistograms);
    }
}
