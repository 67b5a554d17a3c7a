package io.annotrail.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scenario 4: N tasks as JSON Lines through the API (in chunks), then the batch opened; the clock runs until all
 * are claimable: progress counts N tasks and the claim queue's processor has caught up with every event written
 * until then. One claim (then released) proves it.
 */
final class ImportScenario {

    record Result(int tasks, int chunk, long requests, double megabytes, long accepted, long duplicates,
                  long rejected, double importSeconds, double visibleSeconds, double claimableSeconds,
                  double tasksPerSecond, boolean queueCheckedByAdminApi, boolean claimWorked) {
    }

    private ImportScenario() {
    }

    static Result run(Fixture fixture, int tasks, int chunk, int overlap, Duration cap) throws InterruptedException {
        Fixture.Annotator annotator = fixture.annotators(1).getFirst();
        Fixture.Project project = fixture.project("import", Math.max(1, overlap), tasks);
        AdminProjections admin = new AdminProjections(fixture);

        long start = System.nanoTime();
        long deadline = start + cap.toNanos();
        Fixture.ImportResult imported = fixture.importTasks(project, tasks, chunk);
        double importSeconds = (System.nanoTime() - start) / 1e9;
        fixture.open(project);

        // Poll the read model without the read-your-writes wait: we want the moment it shows the tasks.
        while (fixture.progress(project.id(), true).path("tasks").asLong() < imported.accepted()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the imported tasks were not visible within " + cap);
            }
            Thread.sleep(10);
        }
        double visibleSeconds = (System.nanoTime() - start) / 1e9;

        boolean viaAdmin = false;
        Optional<Map<String, AdminProjections.Status>> status = admin.status();
        if (status.isPresent() && status.get().containsKey("queue")) {
            viaAdmin = true;
            long head = status.get().get("queue").head();
            while (true) {
                Map<String, AdminProjections.Status> now = admin.status().orElseThrow();
                if (List.of("queue", "tasks").stream().allMatch(n -> !now.containsKey(n) || now.get(n).caughtUp(head))) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the claim queue did not catch up within " + cap);
                }
                Thread.sleep(10);
            }
        }
        double claimableSeconds = (System.nanoTime() - start) / 1e9;

        // Outside the clock: a real claim shows the tasks are claimable (and is released again).
        Api.Response claim = fixture.api.post("/api/v1/projects/" + project.id() + "/claims", annotator.token(), null);
        boolean claimWorked = claim.status() == 201;
        if (claimWorked) {
            fixture.api.delete("/api/v1/leases/" + claim.json().path("leaseId").asString(), annotator.token());
        }
        return new Result(tasks, chunk, imported.requests(), imported.bytes() / 1048576.0, imported.accepted(),
                imported.duplicates(), imported.rejected(), importSeconds, visibleSeconds, claimableSeconds,
                imported.accepted() / claimableSeconds, viaAdmin, claimWorked);
    }
}
