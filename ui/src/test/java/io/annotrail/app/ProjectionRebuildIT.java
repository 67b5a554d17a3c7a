package io.annotrail.app;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A read model rebuilt from the event store ends up exactly as it was. */
class ProjectionRebuildIT extends IntegrationTest {

    @Test
    void rebuildingEveryReadModelFromTheEventStoreRestoresTheSameState() {
        Fixture f = projectWith(2, null);
        User annotator = newUser("annotator");
        addMember(f, annotator, "ANNOTATOR");
        importAndOpen(f, 5);
        var claim = annotator.api().post("/api/v1/projects/" + f.projectId() + "/claims", null).json();
        annotator.api().post("/api/v1/tasks/" + claim.get("taskId").asString() + "/annotations", Map.of(
                "leaseId", claim.get("leaseId").asString(), "submissionId", "s", "response", Map.of("label", "cat")));
        String progressBefore = f.manager().api().get("/api/v1/projects/" + f.projectId() + "/progress").body();
        String taskBefore = f.manager().api().get("/api/v1/tasks/" + claim.get("taskId").asString()).body();
        String projectsBefore = f.manager().api().get("/api/v1/workspaces/" + f.workspaceId() + "/projects").body();

        for (String name : new String[]{"tasks", "queue", "workspaces"}) {
            var reset = admin.post("/api/v1/admin/projections/" + name + "/reset", null);
            assertThat(reset.status()).as(reset.toString()).isEqualTo(202);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = admin.get("/api/v1/admin/projections").json();
            assertThat(status).hasSizeGreaterThanOrEqualTo(3);
            for (JsonNode p : status) {
                assertThat(p.get("replaying").asBoolean()).as(p.toString()).isFalse();
                assertThat(p.get("position").asLong()).as(p.toString()).isGreaterThanOrEqualTo(p.get("head").asLong());
            }
        });

        assertThat(f.manager().api().get("/api/v1/projects/" + f.projectId() + "/progress").body()).isEqualTo(progressBefore);
        assertThat(f.manager().api().get("/api/v1/tasks/" + claim.get("taskId").asString()).body()).isEqualTo(taskBefore);
        assertThat(f.manager().api().get("/api/v1/workspaces/" + f.workspaceId() + "/projects").body()).isEqualTo(projectsBefore);
        // The rebuilt queue still hands out the remaining work, and not the task this annotator already did.
        var next = annotator.api().post("/api/v1/projects/" + f.projectId() + "/claims", null);
        assertThat(next.status()).isEqualTo(201);
        assertThat(next.json().get("taskId").asString()).isNotEqualTo(claim.get("taskId").asString());
    }
}
