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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops the application with a lease pending and starts it again on the same data directory: everything is
 * still there, and the lease expiry scheduled before the stop still fires (a persistent deadline), after which
 * the task is claimable again. The lease is the shortest allowed, 30 seconds: this test waits for it.
 */
class RestartAndLeaseExpiryIT {

    private static final String PASSWORD = "restart-admin-password";

    @Test
    void stateSurvivesARestartAndAPendingLeaseExpiryStillFires() throws Exception {
        Path dataDir = Files.createTempDirectory("annotrail-restart-");
        String projectId;
        String taskId;
        String leaseId;
        String annotatorPassword = "annotator-password-1";
        try (ConfigurableApplicationContext first = start(dataDir)) {
            ApiClient admin = ApiClient.anonymous(port(first)).login("admin", PASSWORD);
            var user = admin.post("/api/v1/users", Map.of("username", "ann", "password", annotatorPassword));
            String annotatorId = user.json().get("id").asString();
            String ws = admin.post("/api/v1/workspaces", Map.of("name", "w")).json().get("id").asString();
            admin.put("/api/v1/workspaces/" + ws + "/members/" + annotatorId, Map.of("role", "ANNOTATOR"));
            projectId = admin.post("/api/v1/workspaces/" + ws + "/projects", Map.of("name", "p", "leaseSeconds", 30,
                    "responseSchema", IntegrationTest.simpleSchema())).json().get("id").asString();
            String batch = admin.post("/api/v1/projects/" + projectId + "/batches", Map.of("name", "b")).json().get("id").asString();
            admin.postRaw("/api/v1/batches/" + batch + "/tasks", "application/x-ndjson", "{\"externalId\":\"only\",\"data\":{\"t\":1}}\n");
            admin.post("/api/v1/batches/" + batch + "/open", null);
            ApiClient annotator = ApiClient.anonymous(port(first)).login("ann", annotatorPassword);
            var claim = annotator.post("/api/v1/projects/" + projectId + "/claims", null);
            assertThat(claim.status()).as(claim.toString()).isEqualTo(201);
            taskId = claim.json().get("taskId").asString();
            leaseId = claim.json().get("leaseId").asString();
        }

        try (ConfigurableApplicationContext second = start(dataDir)) {
            ApiClient admin = ApiClient.anonymous(port(second)).login("admin", PASSWORD);
            var task = admin.get("/api/v1/tasks/" + taskId);
            assertThat(task.status()).as(task.toString()).isEqualTo(200);
            assertThat(task.json().get("status").asString()).isEqualTo("IN_PROGRESS");
            assertThat(task.json().get("leases")).hasSize(1);

            String finalTaskId = taskId;
            Awaitility.await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode history = admin.get("/api/v1/tasks/" + finalTaskId + "/history").json();
                List<String> types = new ArrayList<>();
                history.forEach(e -> types.add(e.get("type").asString()));
                assertThat(types).contains("LeaseExpiredEvent");
                history.forEach(e -> {
                    if (e.get("type").asString().equals("LeaseExpiredEvent")) {
                        assertThat(e.get("actor").asString()).isEqualTo("system");
                    }
                });
            });
            ApiClient annotator = ApiClient.anonymous(port(second)).login("ann", annotatorPassword);
            var late = annotator.post("/api/v1/tasks/" + taskId + "/annotations", Map.of("leaseId", leaseId,
                    "submissionId", "too-late", "response", Map.of("label", "cat")));
            assertThat(late.status()).isEqualTo(409);
            assertThat(late.code()).isEqualTo("LEASE_EXPIRED");
            var again = annotator.post("/api/v1/projects/" + projectId + "/claims", null);
            assertThat(again.status()).as(again.toString()).isEqualTo(201);
            assertThat(again.json().get("taskId").asString()).isEqualTo(taskId);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        // Command-line arguments, like an operator would pass them: they outrank application.yml.
        return new SpringApplicationBuilder(AnnotrailApplication.class)
                .run("--server.port=0", "--annotrail.data-dir=" + dataDir, "--annotrail.admin-password=" + PASSWORD);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
