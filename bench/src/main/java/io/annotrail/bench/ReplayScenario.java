package io.annotrail.bench;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 5: reset every read model and rebuild it from the event store, after scenarios 1-4 have filled it;
 * events/s against the raw sequential read of the event table over JDBC, which no replay can beat.
 */
final class ReplayScenario {

    record Result(long events, long head, long fillerTasks, double seconds, double eventsPerSecond,
                  Map<String, Double> secondsPerReadModel, SqlBaseline.RawRead raw, Double fractionOfRaw) {
    }

    private static final long FILLER_CHUNK = 100_000;
    /** Replays of a few million events take minutes on 2 cores; no progress for this long means it is stuck. */
    private static final long STALL_NANOS = 180_000_000_000L;

    private ReplayScenario() {
    }

    static Result run(Fixture fixture, List<String> processors, long minEvents, SqlBaseline sql, int overlap)
            throws InterruptedException, SQLException {
        AdminProjections admin = new AdminProjections(fixture);
        Map<String, AdminProjections.Status> before = admin.status().orElseThrow(() -> new IllegalStateException(
                "GET /api/v1/admin/projections is not available in this build of the app"));
        for (String p : processors) {
            if (!before.containsKey(p)) {
                throw new IllegalStateException("no read model named " + p + " (the app has " + before.keySet() + ")");
            }
        }

        // Optionally grow the event store first (the issue asks for >= 1 million events if time allows).
        long fillerTasks = 0;
        long head = before.values().iterator().next().head();
        while (head < minEvents) {
            int chunk = (int) Math.min(FILLER_CHUNK, Math.max(1000, minEvents - head));
            Fixture.Project filler = fixture.project("replay filler", Math.max(1, overlap), chunk);
            fixture.importTasks(filler, chunk, chunk);
            fillerTasks += chunk;
            head = admin.status().orElseThrow().values().iterator().next().head();
            System.out.printf("  replay filler: %,d tasks imported, event store head %,d of %,d%n", fillerTasks, head,
                    minEvents);
        }
        // Start from settled read models, so the clock measures the rebuild and nothing else.
        awaitCaughtUp(admin, processors, head, Long.MAX_VALUE, null);

        long headAtReset = admin.status().orElseThrow().get(processors.getFirst()).head();
        long events = sql != null ? sql.eventCount() : headAtReset;
        long start = System.nanoTime();
        for (String p : processors) {
            admin.reset(p);
        }
        Map<String, Double> perModel = new LinkedHashMap<>();
        awaitCaughtUp(admin, processors, headAtReset, start, perModel);
        double seconds = (System.nanoTime() - start) / 1e9;

        SqlBaseline.RawRead raw = sql != null ? sql.rawEventRead() : null;
        double eventsPerSecond = events / seconds;
        return new Result(events, headAtReset, fillerTasks, seconds, eventsPerSecond, perModel, raw,
                raw == null ? null : eventsPerSecond / raw.eventsPerSecond());
    }

    /** Polls until each processor is at or past target and not replaying; records when each one got there. */
    private static void awaitCaughtUp(AdminProjections admin, List<String> processors, long target, long start,
                                      Map<String, Double> doneAt) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long lastSum = -1;
        while (true) {
            Map<String, AdminProjections.Status> now = admin.status().orElseThrow();
            boolean all = true;
            long sum = 0;
            for (String p : processors) {
                AdminProjections.Status s = now.get(p);
                sum += Math.max(0, s.position());
                if (s.caughtUp(target)) {
                    if (doneAt != null && !doneAt.containsKey(p)) {
                        doneAt.put(p, (System.nanoTime() - start) / 1e9);
                    }
                } else {
                    all = false;
                }
            }
            if (all) {
                return;
            }
            if (sum != lastSum) {
                lastSum = sum;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
                throw new IllegalStateException("read models made no progress for 3 minutes: " + now.values());
            }
            Thread.sleep(20);
        }
    }
}
