package io.annotrail.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many annotators claiming and submitting at once on one project with overlap 2, against real PostgreSQL:
 * no slot is ever held twice, every task ends with exactly two annotations by two different people, and
 * submits retried by "the network" are stored once.
 */
class ConcurrentClaimingIT extends IntegrationTest {

    private static final int THREADS = 16;
    private static final int TASKS = 40;
    private static final int OVERLAP = 2;

    @Test
    void sixteenAnnotatorsNeverShareASlotAndEveryTaskGetsExactlyOverlapAnnotations() throws Exception {
        Fixture f = projectWith(OVERLAP, null);
        List<User> annotators = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            User u = newUser("annotator");
            addMember(f, u, "ANNOTATOR");
            annotators.add(u);
        }
        importAndOpen(f, TASKS);

        AtomicInteger submits = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            User me = annotators.get(t);
            int seed = t;
            futures.add(pool.submit(() -> {
                start.await();
                Random random = new Random(seed);
                for (int round = 0; round < TASKS + 5; round++) {
                    var claim = me.api().post("/api/v1/projects/" + f.projectId() + "/claims", null);
                    if (claim.status() == 204) {
                        return null;
                    }
                    if (claim.status() != 201) {
                        failures.add("claim " + claim);
                        return null;
                    }
                    JsonNode lease = claim.json();
                    String taskId = lease.get("taskId").asString();
                    Map<String, Object> body = Map.of("leaseId", lease.get("leaseId").asString(),
                            "submissionId", UUID.randomUUID().toString(), "response", Map.of("label", "cat"));
                    var first = me.api().post("/api/v1/tasks/" + taskId + "/annotations", body);
                    if (first.status() != 201) {
                        failures.add("submit " + first);
                        continue;
                    }
                    submits.incrementAndGet();
                    if (random.nextInt(3) == 0) { // the network retries a third of the submits
                        retries.incrementAndGet();
                        var again = me.api().post("/api/v1/tasks/" + taskId + "/annotations", body);
                        if (again.status() != 201 || !again.json().get("annotationId").asString()
                                .equals(first.json().get("annotationId").asString())) {
                            failures.add("retry " + again);
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(failures).isEmpty();
        assertThat(submits.get()).isEqualTo(TASKS * OVERLAP);
        assertThat(retries.get()).isPositive();

        var page = f.manager().api().get("/api/v1/projects/" + f.projectId() + "/tasks?size=500").json();
        assertThat(page.get("total").asLong()).isEqualTo(TASKS);
        for (JsonNode summary : page.get("items")) {
            String taskId = summary.get("taskId").asString();
            JsonNode task = f.manager().api().get("/api/v1/tasks/" + taskId).json();
            assertThat(task.get("status").asString()).isEqualTo("COMPLETED");
            Set<String> by = new HashSet<>();
            task.get("annotations").forEach(a -> by.add(a.get("annotatorId").asString()));
            assertThat(task.get("annotations")).hasSize(OVERLAP);
            assertThat(by).hasSize(OVERLAP);
            assertSlotsNeverHeldTwice(f.manager().api().get("/api/v1/tasks/" + taskId + "/history").json());
        }
        var progress = f.manager().api().get("/api/v1/projects/" + f.projectId() + "/progress").json();
        assertThat(progress.get("completed").asLong()).isEqualTo(TASKS);
        assertThat(progress.get("annotations").asLong()).isEqualTo((long) TASKS * OVERLAP);
    }

    /** Replays a task's history: live leases never exceed the overlap, nobody holds two, nobody annotates twice. */
    private static void assertSlotsNeverHeldTwice(JsonNode history) {
        Map<String, String> live = new HashMap<>();
        Set<String> annotated = new HashSet<>();
        int submitted = 0;
        for (JsonNode event : history) {
            JsonNode p = event.get("payload");
            switch (event.get("type").asString()) {
                case "TaskClaimedEvent" -> {
                    String who = p.get("annotatorId").asString();
                    assertThat(live.containsValue(who)).as("annotator holds two slots").isFalse();
                    assertThat(annotated).as("annotator got a task they annotated").doesNotContain(who);
                    live.put(p.get("leaseId").asString(), who);
                    assertThat(live.size() + submitted).as("slots in use").isLessThanOrEqualTo(OVERLAP);
                }
                case "LeaseReleasedEvent", "LeaseExpiredEvent", "TaskSkippedEvent" -> live.remove(p.get("leaseId").asString());
                case "AnnotationSubmittedEvent" -> {
                    assertThat(live.remove(p.get("leaseId").asString())).as("submit without a live lease").isNotNull();
                    assertThat(annotated.add(p.get("annotatorId").asString())).as("annotated twice").isTrue();
                    submitted++;
                }
                default -> {
                }
            }
        }
        assertThat(submitted).isEqualTo(OVERLAP);
    }
}
