package io.annotrail.bench;

import org.HdrHistogram.Histogram;

import java.io.UncheckedIOException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scenario 3: the time from a 201 on submit until the project's progress read model shows it. After a sampled
 * submit that made the n-th annotation of the run, the prober polls progress with {@code X-Read-Consistency:
 * eventual} (answered at once from the read model) until it counts at least n annotations: every submit that got
 * its 201 before is committed, so the read model must show at least n once it has processed them.
 *
 * <p>One prober, and a sample is taken only when it is idle: a sample that waited in a queue would start its
 * clock late and report a lag the read model never had. The resolution is one progress GET (reported too).
 */
final class LagProbe {

    record Result(long samples, long offered, long timeouts, LatencyStats lag, LatencyStats pollGet) {
    }

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Sample(long expectedAnnotations, long submittedAtNanos) {
    }

    private final Fixture fixture;
    private final String path;
    private final SynchronousQueue<Sample> handoff = new SynchronousQueue<>();
    private final Histogram lag = LatencyStats.newHistogram();
    private final Histogram pollGet = LatencyStats.newHistogram();
    private final LongAdder offered = new LongAdder();
    private long timeouts;
    private volatile boolean running = true;
    private final Thread thread;

    LagProbe(Fixture fixture, String projectId) {
        this.fixture = fixture;
        this.path = "/api/v1/projects/" + projectId + "/progress";
        this.thread = Thread.ofPlatform().daemon().name("lag-probe").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** Called by an annotator right after its 201; dropped when the prober is busy. */
    void offer(long expectedAnnotations, long submittedAtNanos) {
        offered.increment();
        handoff.offer(new Sample(expectedAnnotations, submittedAtNanos));
    }

    private void loop() {
        while (running) {
            Sample sample;
            try {
                sample = handoff.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (sample != null) {
                measure(sample);
            }
        }
    }

    private void measure(Sample sample) {
        while (true) {
            long now = System.nanoTime();
            if (now - sample.submittedAtNanos() > TIMEOUT_NANOS) {
                synchronized (this) {
                    timeouts++;
                    LatencyStats.record(lag, now - sample.submittedAtNanos());
                }
                return;
            }
            try {
                Api.Response r = fixture.api.get(path, fixture.adminToken, "X-Read-Consistency", "eventual");
                long seen = System.nanoTime();
                synchronized (this) {
                    LatencyStats.record(pollGet, r.nanos());
                }
                if (r.status() == 200 && r.json().path("annotations").asLong() >= sample.expectedAnnotations()) {
                    synchronized (this) {
                        LatencyStats.record(lag, seen - sample.submittedAtNanos());
                    }
                    return;
                }
            } catch (UncheckedIOException e) {
                // count as not yet visible; the timeout bounds the wait
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    Result stop() {
        // Let a sample in flight finish (bounded by its timeout): the last samples are the ones under full load.
        running = false;
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS) + 2000);
            thread.interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return new Result(lag.getTotalCount(), offered.sum(), timeouts, LatencyStats.of(lag),
                    LatencyStats.of(pollGet));
        }
    }
}
