package io.annotrail.bench;

import org.HdrHistogram.Histogram;

import java.util.Collection;

/** Latency percentiles from HdrHistogram (microsecond resolution, 3 significant digits, up to 10 minutes). */
record LatencyStats(long count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

    static final long HIGHEST_MICROS = 600_000_000L;

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    static void record(Histogram h, long nanos) {
        h.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1000)));
    }

    static LatencyStats of(Collection<Histogram> parts) {
        Histogram all = newHistogram();
        parts.forEach(all::add);
        return of(all);
    }

    static LatencyStats of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new LatencyStats(0, 0, 0, 0, 0, 0);
        }
        return new LatencyStats(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)),
                ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()), h.getMean() / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
