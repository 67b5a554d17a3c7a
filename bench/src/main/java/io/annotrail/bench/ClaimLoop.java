package io.annotrail.bench;

import tools.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 1 (and the load of scenario 3): K simulated annotators, each its own user on its own thread, loop
 * claim-next → submit over HTTP until the batch is done. No think time: this measures what the platform sustains.
 */
final class ClaimLoop {

    record Result(String scenario, int annotators, int tasks, int overlap, int requestedOverlap, double seconds,
                  long cycles, double cyclesPerSecond, LatencyStats claim, LatencyStats submit, long emptyClaims,
                  long errors, Map<String, Long> errorsByKind, boolean capped, Correctness.Report correctness,
                  boolean correct, LagProbe.Result lag, FootprintSampler.Summary footprint, double setupSeconds) {
    }

    private final Fixture fixture;
    private final int k;
    private final int tasks;
    private final int overlap;
    private final int requestedOverlap;
    private final Duration cap;

    ClaimLoop(Fixture fixture, int k, int tasks, int requestedOverlap, Duration cap) {
        this.fixture = fixture;
        this.k = k;
        this.tasks = tasks;
        this.requestedOverlap = requestedOverlap;
        // With fewer annotators than the overlap no task could ever be completed (annotators must be distinct).
        this.overlap = Math.min(requestedOverlap, k);
        this.cap = cap;
    }

    /**
     * @param lagSampleEvery 0 for no projection-lag probes, else probe after every n-th 201 submit
     * @param footprint      started around the measured loop when not null
     */
    Result run(String scenario, int lagSampleEvery, java.util.function.Supplier<FootprintSampler> footprint, int importChunk) {
        long setupStart = System.nanoTime();
        List<Fixture.Annotator> annotators = fixture.annotators(k);
        Fixture.Project project = fixture.project(scenario + " K=" + k, overlap, tasks);
        Fixture.ImportResult imported = fixture.importTasks(project, tasks, importChunk);
        if (imported.accepted() != tasks) {
            throw new IllegalStateException("imported " + imported.accepted() + " of " + tasks + " tasks");
        }
        fixture.open(project);
        // A consistent read: returns once the read models have every task, so the loop starts on a settled queue.
        long visible = fixture.progress(project.id(), false).path("tasks").asLong();
        if (visible != tasks) {
            throw new IllegalStateException("progress shows " + visible + " of " + tasks + " tasks after the import");
        }
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

        RunState run = new RunState((long) tasks * overlap);
        LagProbe lag = lagSampleEvery > 0 ? new LagProbe(fixture, project.id()) : null;

        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            RunState.Worker worker = run.newWorker();
            Fixture.Annotator annotator = annotators.get(i);
            threads.add(Thread.ofPlatform().name("annotator-" + (i + 1)).unstarted(() -> {
                try {
                    run.awaitGo();
                } catch (InterruptedException e) {
                    return;
                }
                annotate(fixture.api, annotator, project, worker, run, lag, lagSampleEvery);
            }));
        }
        threads.forEach(Thread::start);

        FootprintSampler sampler = footprint == null ? null : footprint.get().start();
        if (lag != null) {
            lag.start();
        }
        run.go();
        run.await(threads, cap);
        FootprintSampler.Summary footprintSummary = null;
        if (sampler != null) {
            sampler.close();
            footprintSummary = sampler.summary();
        }
        LagProbe.Result lagResult = lag == null ? null : lag.stop();

        long cycles = run.cycles();
        long errorCount = run.errorCount();
        boolean capped = run.capped();
        Correctness.Report report = Correctness.check(fixture, project.id(), overlap);
        boolean complete = !capped && cycles == run.target();
        boolean correct = report.ok(!capped) && errorCount == 0 && report.annotations() == cycles
                && (capped || complete);
        double seconds = run.seconds();
        return new Result(scenario, k, tasks, overlap, requestedOverlap, seconds, cycles, cycles / seconds,
                run.claimLatency(), run.submitLatency(), run.emptyClaims(), errorCount, run.errorKinds(), capped, report,
                correct, lagResult, footprintSummary, setupSeconds);
    }

    private static void annotate(Api api, Fixture.Annotator me, Fixture.Project project, RunState.Worker worker,
                                 RunState run, LagProbe lag, int lagSampleEvery) {
        String claimPath = "/api/v1/projects/" + project.id() + "/claims";
        int emptyStreak = 0;
        long n = 0;
        while (!run.stopped()) {
            Api.Response claim;
            try {
                claim = api.post(claimPath, me.token(), null);
            } catch (UncheckedIOException e) {
                run.error("claim I/O " + e.getCause().getClass().getSimpleName());
                pause(10);
                continue;
            }
            if (claim.status() == 204) {
                if (run.emptyClaim(++emptyStreak)) {
                    return;
                }
                pause(RunState.backoffMillis(emptyStreak));
                continue;
            }
            if (claim.status() != 201) {
                run.error("claim HTTP " + claim.status() + " " + problemCode(claim));
                pause(10);
                continue;
            }
            emptyStreak = 0;
            LatencyStats.record(worker.claim(), claim.nanos());
            JsonNode lease = claim.json();
            String taskId = lease.path("taskId").asString();
            String leaseId = lease.path("leaseId").asString();

            var body = Api.object().put("leaseId", leaseId).put("submissionId", "bench-" + me.userId() + "-" + (++n));
            body.set("response", Api.object().put("label", (n & 1) == 0 ? "cat" : "dog"));
            Api.Response submit;
            try {
                submit = api.post("/api/v1/tasks/" + taskId + "/annotations", me.token(), body);
            } catch (UncheckedIOException e) {
                run.error("submit I/O " + e.getCause().getClass().getSimpleName());
                release(api, me, leaseId);
                continue;
            }
            if (submit.status() != 201) {
                run.error("submit HTTP " + submit.status() + " " + problemCode(submit));
                // Give the slot back so that the batch can still finish.
                release(api, me, leaseId);
                continue;
            }
            long doneAt = System.nanoTime();
            LatencyStats.record(worker.submit(), submit.nanos());
            long count = run.submitted(doneAt);
            if (lag != null && count % lagSampleEvery == 0) {
                lag.offer(count, doneAt);
            }
        }
    }

    private static void release(Api api, Fixture.Annotator me, String leaseId) {
        try {
            api.delete("/api/v1/leases/" + leaseId, me.token());
        } catch (RuntimeException ignored) {
            // the lease will expire by itself; the run reports the error that led here
        }
    }

    private static String problemCode(Api.Response r) {
        try {
            return r.json().path("code").asString("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
