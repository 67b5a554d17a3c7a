package io.annotrail.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Samples the app's footprint while a run is under way: the JVM's VmRSS and CPU (utime+stime deltas over wall
 * time, so 200 % means both cores of this machine), the embedded PostgreSQL's PSS and CPU, and the load driver's own
 * CPU — on a 2-core machine the driver competes with the app, and the reader of the numbers must see by how much.
 */
final class FootprintSampler implements AutoCloseable {

    static final long INTERVAL_MILLIS = 250;

    record Summary(int samples, double seconds, double rssAvgMiB, double rssMaxMiB, double cpuAvgPercent,
                   double cpuMaxPercent, double postgresPssMaxMiB, double postgresCpuAvgPercent,
                   double driverCpuAvgPercent, int cores) {
    }

    private final long appPid;
    private final Supplier<List<Long>> postgresPids;
    private final Thread thread;
    private volatile boolean running = true;

    private int samples;
    private double rssSum;
    private double rssMax;
    private double cpuMax;
    private double pgPssMax;
    private long appTicksStart = -1;
    private long appTicksLast;
    private long driverTicksStart;
    private long driverTicksLast;
    private long pgTicksTotal;
    private final Map<Long, Long> pgTicksLast = new HashMap<>();
    private long startNanos;
    private long lastNanos;

    FootprintSampler(long appPid, Supplier<List<Long>> postgresPids) {
        this.appPid = appPid;
        this.postgresPids = postgresPids;
        this.thread = Thread.ofPlatform().daemon().name("footprint").unstarted(this::loop);
    }

    FootprintSampler start() {
        thread.start();
        return this;
    }

    private void loop() {
        long self = ProcessHandle.current().pid();
        startNanos = System.nanoTime();
        lastNanos = startNanos;
        driverTicksStart = ProcStats.cpuTicks(self).orElse(0);
        driverTicksLast = driverTicksStart;
        appTicksStart = ProcStats.cpuTicks(appPid).orElse(0);
        appTicksLast = appTicksStart;
        samplePostgresTicks();
        pgTicksTotal = 0;
        while (running) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            sample(self);
        }
    }

    private synchronized void sample(long self) {
        long now = System.nanoTime();
        OptionalLong rss = ProcStats.rssBytes(appPid);
        OptionalLong ticks = ProcStats.cpuTicks(appPid);
        if (rss.isEmpty() || ticks.isEmpty()) {
            return;
        }
        double wallSeconds = (now - lastNanos) / 1e9;
        double cpu = (ticks.getAsLong() - appTicksLast) / (double) ProcStats.TICKS_PER_SECOND / wallSeconds * 100;
        appTicksLast = ticks.getAsLong();
        driverTicksLast = ProcStats.cpuTicks(self).orElse(driverTicksLast);
        lastNanos = now;
        double rssMiB = rss.getAsLong() / 1048576.0;
        samples++;
        rssSum += rssMiB;
        rssMax = Math.max(rssMax, rssMiB);
        cpuMax = Math.max(cpuMax, cpu);
        pgTicksTotal += samplePostgresTicks();
        long pss = 0;
        for (long pid : postgresPids.get()) {
            pss += ProcStats.pssBytes(pid).orElse(0);
        }
        pgPssMax = Math.max(pgPssMax, pss / 1048576.0);
    }

    /** Adds up the CPU ticks the PostgreSQL processes used since the previous sample (new backends count from 0). */
    private long samplePostgresTicks() {
        long delta = 0;
        Map<Long, Long> seen = new HashMap<>();
        for (long pid : postgresPids.get()) {
            OptionalLong t = ProcStats.cpuTicks(pid);
            if (t.isPresent()) {
                Long before = pgTicksLast.get(pid);
                delta += before == null ? 0 : t.getAsLong() - before;
                seen.put(pid, t.getAsLong());
            }
        }
        pgTicksLast.clear();
        pgTicksLast.putAll(seen);
        return delta;
    }

    synchronized Summary summary() {
        double seconds = (lastNanos - startNanos) / 1e9;
        double perSecond = ProcStats.TICKS_PER_SECOND * Math.max(seconds, 1e-9);
        return new Summary(samples, seconds,
                samples == 0 ? 0 : rssSum / samples, rssMax,
                (appTicksLast - appTicksStart) / perSecond * 100, cpuMax,
                pgPssMax, pgTicksTotal / perSecond * 100,
                (driverTicksLast - driverTicksStart) / perSecond * 100,
                Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
