package io.annotrail.app;

import io.annotrail.command.task.ClaimNext;
import io.annotrail.command.task.ClaimableSlotsBackfill;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side's claimable-slot table under load, on real PostgreSQL: many annotators claiming, submitting,
 * releasing, skipping and abandoning leases (which then expire) while the manager pauses and reopens the batch.
 * Afterwards every row equals the fold of its task's event history, and the upgrade backfill rebuilds the same rows.
 */
class ClaimableSlotsIT extends IntegrationTest {

    private static final int ANNOTATORS = 12;
    private static final int OVERLAP = 2;

    @Autowired
    DataSource dataSource;

    @Autowired
    ClaimNext claimNext;

    @Autowired
    ClaimableSlotsBackfill backfill;

    @Test
    void theSlotTableEqualsTheFoldOfEveryTasksHistoryAfterConcurrentClaimsSubmitsSkipsExpiriesAndPauses() throws Exception {
        Project p = project(30, 30);
        List<String> failures = new CopyOnWriteArrayList<>();
        // Abandoned leases: never submitted or released, they expire after the 30 s lease.
        for (int i = 0; i < 3; i++) {
            var claim = p.annotators().get(i).api().post("/api/v1/projects/" + p.fixture().projectId() + "/claims", null);
            assertThat(claim.status()).as(claim.toString()).isEqualTo(201);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(ANNOTATORS + 1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < ANNOTATORS; t++) {
            User me = p.annotators().get(t);
            Random random = new Random(t);
            futures.add(pool.submit(() -> {
                while (running.get()) {
                    work(p, me, random, failures);
                }
                return null;
            }));
        }
        futures.add(pool.submit(() -> {
            String batch = "/api/v1/batches/" + p.fixture().batchId();
            for (int i = 0; i < 4 && running.get(); i++) {
                Thread.sleep(3_000);
                var pause = p.fixture().manager().api().post(batch + "/pause", null);
                if (pause.status() != 204) {
                    failures.add("pause " + pause);
                }
                Thread.sleep(500);
                var open = p.fixture().manager().api().post(batch + "/open", null);
                if (open.status() != 204) {
                    failures.add("open " + open);
                }
            }
            return null;
        }));
        Thread.sleep(40_000); // past the abandoned leases' expiry
        running.set(false);
        for (Future<?> future : futures) {
            future.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(failures).isEmpty();
        Map<String, String> expected = expectedRows(p);
        assertThat(sawExpiry).as("an abandoned lease expired during the run").isTrue();
        assertThat(actualRows(p)).isEqualTo(expected);
    }

    @Test
    void concurrentClaimersAreNeverHandedATaskTheAggregateRefuses() throws Exception {
        Project p = project(20, 3600);
        long refusalsBefore = claimNext.refusals();
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(ANNOTATORS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < ANNOTATORS; t++) {
            User me = p.annotators().get(t);
            futures.add(pool.submit(() -> {
                for (int round = 0; round < 30; round++) {
                    var claim = me.api().post("/api/v1/projects/" + p.fixture().projectId() + "/claims", null);
                    if (claim.status() == 204) {
                        return null;
                    }
                    if (claim.status() != 201) {
                        failures.add("claim " + claim);
                        return null;
                    }
                    var submit = me.api().post("/api/v1/tasks/" + claim.json().get("taskId").asString() + "/annotations",
                            Map.of("leaseId", claim.json().get("leaseId").asString(),
                                    "submissionId", UUID.randomUUID().toString(), "response", Map.of("label", "cat")));
                    if (submit.status() != 201) {
                        failures.add("submit " + submit);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(failures).isEmpty();
        assertThat(claimNext.refusals() - refusalsBefore).isZero();
        var progress = p.fixture().manager().api().get("/api/v1/projects/" + p.fixture().projectId() + "/progress").json();
        assertThat(progress.get("completed").asLong()).isEqualTo(20);
    }

    @Test
    void theUpgradeBackfillRebuildsTheSameRowsFromTheStoredEvents() throws Exception {
        Project p = project(6, 3600);
        String projects = "/api/v1/projects/" + p.fixture().projectId();
        for (int i = 0; i < 4; i++) {
            User me = p.annotators().get(i);
            var claim = me.api().post(projects + "/claims", null);
            assertThat(claim.status()).isEqualTo(201);
            if (i % 2 == 0) {
                me.api().post("/api/v1/tasks/" + claim.json().get("taskId").asString() + "/annotations",
                        Map.of("leaseId", claim.json().get("leaseId").asString(),
                                "submissionId", UUID.randomUUID().toString(), "response", Map.of("label", "dog")));
            }
        }
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<Map<String, Object>> tasksBefore = jdbc.queryForList(TASK_ROWS);
        List<Map<String, Object>> usersBefore = jdbc.queryForList(USER_ROWS);
        assertThat(tasksBefore).isNotEmpty();
        assertThat(usersBefore).isNotEmpty();

        // The state right after the V2_2 migration on an existing database: empty tables and the marker.
        jdbc.update("TRUNCATE cmd_claimable_user, cmd_claimable_task, cmd_claimable_batch");
        jdbc.update("INSERT INTO cmd_claimable_backfill (pending) VALUES (true)");
        assertThat(backfill.fillIfPending()).isPositive();

        assertThat(jdbc.queryForList(TASK_ROWS)).isEqualTo(tasksBefore);
        assertThat(jdbc.queryForList(USER_ROWS)).isEqualTo(usersBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cmd_claimable_backfill", Long.class)).isZero();
        assertThat(backfill.fillIfPending()).as("a second start finds nothing to do").isEqualTo(-1);
        var claim = p.annotators().get(5).api().post(projects + "/claims", null);
        assertThat(claim.status()).as(claim.toString()).isEqualTo(201);
    }

    private static final String TASK_ROWS = """
            SELECT task_id, project_id, batch_id, overlap, free_slots, batch_open, priority, last_seq
              FROM cmd_claimable_task ORDER BY position""";
    private static final String USER_ROWS = """
            SELECT task_id, user_id, lease_id, lease_rework, participated, annotated, rework_owed, reserved
              FROM cmd_claimable_user ORDER BY task_id, user_id""";

    /** One random step of an annotator: claim, then submit (mostly), release or skip. */
    private static void work(Project p, User me, Random random, List<String> failures) throws InterruptedException {
        var claim = me.api().post("/api/v1/projects/" + p.fixture().projectId() + "/claims", null);
        if (claim.status() == 204) {
            Thread.sleep(200);
            return;
        }
        if (claim.status() != 201) {
            failures.add("claim " + claim);
            return;
        }
        String taskId = claim.json().get("taskId").asString();
        String leaseId = claim.json().get("leaseId").asString();
        int dice = random.nextInt(10);
        var answer = dice < 7
                ? me.api().post("/api/v1/tasks/" + taskId + "/annotations", Map.of("leaseId", leaseId,
                        "submissionId", UUID.randomUUID().toString(), "response", Map.of("label", "cat")))
                : dice < 9
                ? me.api().delete("/api/v1/leases/" + leaseId)
                : me.api().post("/api/v1/tasks/" + taskId + "/skips", Map.of("leaseId", leaseId, "reason", "unclear"));
        if (answer.status() != 201 && answer.status() != 204) {
            failures.add("after claim " + answer);
        }
    }

    private record Project(Fixture fixture, List<User> annotators) {
    }

    private Project project(int tasks, int leaseSeconds) {
        User manager = newUser("manager");
        String ws = manager.api().post("/api/v1/workspaces", Map.of("name", "ws " + manager.username())).json().get("id").asString();
        var project = manager.api().post("/api/v1/workspaces/" + ws + "/projects", Map.of("name", "slots",
                "responseSchema", simpleSchema(), "overlap", OVERLAP, "leaseSeconds", leaseSeconds));
        assertThat(project.status()).as(project.toString()).isEqualTo(201);
        String projectId = project.json().get("id").asString();
        String batchId = manager.api().post("/api/v1/projects/" + projectId + "/batches", Map.of("name", "b")).json().get("id").asString();
        Fixture f = new Fixture(manager, ws, projectId, batchId);
        List<User> annotators = new ArrayList<>();
        for (int i = 0; i < ANNOTATORS; i++) {
            User u = newUser("slots");
            addMember(f, u, "ANNOTATOR");
            annotators.add(u);
        }
        importAndOpen(f, tasks);
        return new Project(f, annotators);
    }

    private boolean sawExpiry;

    /** Per task still claimable: "free=n" and each user's flags, folded from the task's history (as Task counts). */
    private Map<String, String> expectedRows(Project p) {
        Map<String, String> rows = new TreeMap<>();
        var page = p.fixture().manager().api().get("/api/v1/projects/" + p.fixture().projectId() + "/tasks?size=500").json();
        for (JsonNode summary : page.get("items")) {
            String taskId = summary.get("taskId").asString();
            JsonNode history = p.fixture().manager().api().get("/api/v1/tasks/" + taskId + "/history").json();
            int overlap = 0;
            boolean completed = false;
            Map<String, Flags> users = new TreeMap<>();
            for (JsonNode event : history) {
                JsonNode e = event.get("payload");
                String who = e.has("annotatorId") ? e.get("annotatorId").asString() : null;
                switch (event.get("type").asString()) {
                    case "TaskCreatedEvent" -> overlap = e.get("overlap").asInt();
                    case "TaskClaimedEvent" -> {
                        Flags f = users.computeIfAbsent(who, k -> new Flags());
                        f.lease = e.get("leaseId").asString();
                        f.leaseRework = e.get("rework").asBoolean();
                        f.reserved = false;
                    }
                    case "LeaseReleasedEvent", "LeaseExpiredEvent" -> {
                        sawExpiry |= event.get("type").asString().equals("LeaseExpiredEvent");
                        Flags f = users.get(who);
                        if (f != null && e.get("leaseId").asString().equals(f.lease)) {
                            f.lease = null;
                            f.leaseRework = false;
                        }
                        if (f != null && f.lease == null && !f.participated && !f.reworkOwed && !f.reserved) {
                            users.remove(who);
                        }
                    }
                    case "TaskSkippedEvent" -> {
                        Flags f = users.get(who);
                        f.reworkOwed &= !f.leaseRework;
                        f.lease = null;
                        f.leaseRework = false;
                        f.participated = true;
                    }
                    case "AnnotationSubmittedEvent" -> {
                        Flags f = users.get(who);
                        f.lease = null;
                        f.leaseRework = false;
                        f.participated = true;
                        f.annotated = true;
                        f.reworkOwed &= e.get("reworkOf").isNull();
                    }
                    case "TaskStatusChangedEvent" -> completed |= e.get("status").asString().equals("COMPLETED");
                    default -> {
                    }
                }
            }
            if (completed) {
                continue;
            }
            long occupied = users.values().stream().mapToLong(f -> (f.annotated ? 1 : 0)
                    + (f.lease != null && !f.leaseRework ? 1 : 0) + (f.reworkOwed ? 1 : 0) + (f.reserved ? 1 : 0)).sum();
            rows.put(taskId, "free=" + (overlap - occupied) + " " + users);
        }
        return rows;
    }

    private Map<String, String> actualRows(Project p) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Map<String, Map<String, Flags>> users = new HashMap<>();
        jdbc.query("""
                SELECT u.task_id, u.user_id, u.lease_id, u.lease_rework, u.participated, u.annotated, u.rework_owed, u.reserved
                  FROM cmd_claimable_user u JOIN cmd_claimable_task t ON t.task_id = u.task_id WHERE t.project_id = ?::uuid""",
                rs -> {
                    Flags f = new Flags();
                    f.lease = rs.getString("lease_id");
                    f.leaseRework = rs.getBoolean("lease_rework");
                    f.participated = rs.getBoolean("participated");
                    f.annotated = rs.getBoolean("annotated");
                    f.reworkOwed = rs.getBoolean("rework_owed");
                    f.reserved = rs.getBoolean("reserved");
                    users.computeIfAbsent(rs.getString("task_id"), k -> new TreeMap<>()).put(rs.getString("user_id"), f);
                }, p.fixture().projectId());
        Map<String, String> rows = new TreeMap<>();
        jdbc.query("SELECT task_id, free_slots, batch_open FROM cmd_claimable_task WHERE project_id = ?::uuid", rs -> {
            String taskId = rs.getString("task_id");
            assertThat(rs.getBoolean("batch_open")).as("batch open on " + taskId).isTrue();
            rows.put(taskId, "free=" + rs.getInt("free_slots") + " " + users.getOrDefault(taskId, Map.of()));
        }, p.fixture().projectId());
        return rows;
    }

    private static final class Flags {
        String lease;
        boolean leaseRework;
        boolean participated;
        boolean annotated;
        boolean reworkOwed;
        boolean reserved;

        @Override
        public String toString() {
            return "{lease=" + lease + ", rework=" + leaseRework + ", participated=" + participated + ", annotated="
                    + annotated + ", owed=" + reworkOwed + ", reserved=" + reserved + "}";
        }
    }
}
