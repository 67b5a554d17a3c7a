package io.annotrail.bench;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Correctness from the event log, not from the harness's own bookkeeping: every task's history is replayed and
 * after each claim the holders of the task's slots (live leases + annotations) are checked. A slot held twice is a
 * claim that left more holders than overlap, or the same annotator holding two slots of one task.
 */
final class Correctness {

    record Report(int tasks, long slotsHeldTwice, long sameAnnotatorTwice, long tasksWrongAnnotationCount,
                  long tasksOverAnnotated, long tasksIncomplete, long annotations, long leasesExpired,
                  long historyErrors, List<String> examples) {

        boolean ok(boolean complete) {
            return slotsHeldTwice == 0 && sameAnnotatorTwice == 0 && tasksOverAnnotated == 0 && historyErrors == 0
                    && (!complete || tasksWrongAnnotationCount == 0);
        }
    }

    private Correctness() {
    }

    static Report check(Fixture fixture, String projectId, int overlap) {
        List<String> taskIds = fixture.taskIds(projectId);
        AtomicLong slotsHeldTwice = new AtomicLong();
        AtomicLong sameAnnotatorTwice = new AtomicLong();
        AtomicLong wrongCount = new AtomicLong();
        AtomicLong over = new AtomicLong();
        AtomicLong incomplete = new AtomicLong();
        AtomicLong annotations = new AtomicLong();
        AtomicLong expired = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());

        // A few parallel readers: thousands of history reads one by one would take longer than the run itself.
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (String taskId : taskIds) {
                futures.add(pool.submit(() -> {
                    Api.Response r = fixture.api.get("/api/v1/tasks/" + taskId + "/history", fixture.adminToken);
                    if (r.status() != 200) {
                        errors.incrementAndGet();
                        example(examples, "history of " + taskId + ": HTTP " + r.status());
                        return;
                    }
                    TaskCheck c = TaskCheck.of(r.json(), overlap);
                    slotsHeldTwice.addAndGet(c.overbooked);
                    sameAnnotatorTwice.addAndGet(c.sameAnnotator);
                    annotations.addAndGet(c.annotations);
                    expired.addAndGet(c.expired);
                    if (c.annotations != overlap) {
                        wrongCount.incrementAndGet();
                    }
                    if (c.annotations > overlap || c.distinctAnnotators < c.annotations) {
                        over.incrementAndGet();
                    }
                    if (c.annotations < overlap) {
                        incomplete.incrementAndGet();
                    }
                    if (c.overbooked > 0 || c.sameAnnotator > 0 || c.annotations > overlap) {
                        example(examples, "task " + taskId + ": " + c);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (Exception e) {
                    errors.incrementAndGet();
                    example(examples, "history read failed: " + e);
                }
            }
        }
        return new Report(taskIds.size(), slotsHeldTwice.get(), sameAnnotatorTwice.get(), wrongCount.get(),
                over.get(), incomplete.get(), annotations.get(), expired.get(), errors.get(), List.copyOf(examples));
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < 10) {
            examples.add(text);
        }
    }

    /** One task's history folded into the counts above. */
    record TaskCheck(long overbooked, long sameAnnotator, int annotations, int distinctAnnotators, long expired) {

        static TaskCheck of(JsonNode history, int overlap) {
            Map<String, String> liveLeases = new HashMap<>(); // leaseId -> annotator
            List<String> annotators = new ArrayList<>();      // one entry per annotation
            long overbooked = 0;
            long sameAnnotator = 0;
            long expired = 0;
            for (JsonNode event : history) {
                JsonNode p = event.path("payload");
                String leaseId = p.path("leaseId").asString("");
                String annotator = p.path("annotatorId").asString("");
                switch (event.path("type").asString("")) {
                    case "TaskClaimedEvent" -> {
                        liveLeases.put(leaseId, annotator);
                        List<String> holders = new ArrayList<>(annotators);
                        holders.addAll(liveLeases.values());
                        if (holders.size() > overlap) {
                            overbooked++;
                        }
                        if (new HashSet<>(holders).size() < holders.size()) {
                            sameAnnotator++;
                        }
                    }
                    case "AnnotationSubmittedEvent" -> {
                        liveLeases.remove(leaseId);
                        annotators.add(annotator);
                    }
                    case "LeaseExpiredEvent" -> {
                        liveLeases.remove(leaseId);
                        expired++;
                    }
                    case "LeaseReleasedEvent", "TaskSkippedEvent" -> liveLeases.remove(leaseId);
                    default -> {
                        // creation, status changes, renewals: no slot changes hands
                    }
                }
            }
            Set<String> distinct = new HashSet<>(annotators);
            return new TaskCheck(overbooked, sameAnnotator, annotators.size(), distinct.size(), expired);
        }
    }
}
