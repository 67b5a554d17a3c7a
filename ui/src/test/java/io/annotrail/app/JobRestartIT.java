package io.annotrail.app;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bulk assignment interrupted by a restart in the middle finishes after the restart, without losing or
 * repeating work: every task is assigned exactly once, and running the same assignment again changes nothing.
 */
class JobRestartIT {

    private static final String PASSWORD = "job-restart-admin-pw";
    private static final int TASKS = 3000;

    @Test
    void anAssignmentStoppedMidwayByARestartCompletesAfterItWithEveryTaskAssignedOnce() throws Exception {
        Path dataDir = Files.createTempDirectory("annotrail-job-restart-");
        String projectId;
        String jobId;
        List<String> annotators;
        long doneAtStop;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            ApiClient admin = ApiClient.anonymous(port(first)).login("admin", PASSWORD);
            String ws = admin.post("/api/v1/workspaces", Map.of("name", "w")).json().get("id").asString();
            annotators = List.of(member(admin, ws, "anna"), member(admin, ws, "ben"), member(admin, ws, "cleo"));
            projectId = admin.post("/api/v1/workspaces/" + ws + "/projects", Map.of("name", "p",
                    "responseSchema", IntegrationTest.simpleSchema())).json().get("id").asString();
            String batch = admin.post("/api/v1/projects/" + projectId + "/batches", Map.of("name", "b")).json().get("id").asString();
            StringBuilder jsonl = new StringBuilder();
            for (int i = 0; i < TASKS; i++) {
                jsonl.append("{\"externalId\":\"t-").append(i).append("\",\"data\":{\"n\":").append(i).append("}}\n");
            }
            assertThat(admin.postRaw("/api/v1/batches/" + batch + "/tasks", "application/x-ndjson", jsonl.toString())
                    .json().get("accepted").asInt()).isEqualTo(TASKS);
            admin.post("/api/v1/batches/" + batch + "/open", null);
            // The candidates come from the task read model: wait until it has every task.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    admin.get("/api/v1/projects/" + projectId + "/progress").json().get("tasks").asInt() == TASKS);

            var started = admin.post("/api/v1/projects/" + projectId + "/assignments", Map.of("annotators", annotators));
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            jobId = started.json().get("jobId").asString();
            AtomicReference<JsonNode> seen = new AtomicReference<>();
            String finalJobId = jobId;
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                var r = admin.withReadConsistency("eventual").get("/api/v1/jobs/" + finalJobId);
                seen.set(r.status() == 200 ? r.json() : null);
                return seen.get() != null && seen.get().get("done").asLong() > 0;
            });
            doneAtStop = seen.get().get("done").asLong();
        }
        assertThat(doneAtStop).as("the restart must come in the middle of the job").isLessThan(TASKS);

        try (ConfigurableApplicationContext second = start(dataDir)) {
            ApiClient admin = ApiClient.anonymous(port(second)).login("admin", PASSWORD);
            AtomicReference<JsonNode> job = new AtomicReference<>();
            String finalJobId = jobId;
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                job.set(admin.get("/api/v1/jobs/" + finalJobId).json());
                return !"RUNNING".equals(job.get().get("status").asString());
            });
            assertThat(job.get().get("status").asString()).as(job.get().toString()).isEqualTo("COMPLETED");
            JsonNode result = job.get().get("result");
            assertThat(result.get("assigned").asInt()).as(result.toString()).isEqualTo(TASKS);
            assertThat(job.get().get("done").asLong()).isEqualTo(TASKS);

            var rerun = admin.post("/api/v1/projects/" + projectId + "/assignments", Map.of("annotators", annotators));
            String rerunId = rerun.json().get("jobId").asString();
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                job.set(admin.get("/api/v1/jobs/" + rerunId).json());
                return !"RUNNING".equals(job.get().get("status").asString());
            });
            assertThat(job.get().get("result").get("assigned").asInt()).isZero();
            assertThat(job.get().get("result").get("skippedAlreadyAssigned").asInt()).isEqualTo(TASKS);
        }
    }

    private static String member(ApiClient admin, String workspaceId, String name) {
        String id = admin.post("/api/v1/users", Map.of("username", name, "password", "password-of-" + name))
                .json().get("id").asString();
        admin.put("/api/v1/workspaces/" + workspaceId + "/members/" + id, Map.of("role", "ANNOTATOR"));
        return id;
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(AnnotrailApplication.class)
                .run("--server.port=0", "--annotrail.data-dir=" + dataDir, "--annotrail.admin-password=" + PASSWORD);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
