package io.annotrail.app;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projection that fails on an event does not skip it: the event is parked in the processing group's
 * dead-letter queue, later events of other aggregates go on being processed, and once the cause is fixed an
 * administrator's retry applies it. (Its own context: it breaks a read-model table on purpose.)
 */
@TestPropertySource(properties = {"annotrail.dead-letters.retry-interval=PT1H", "annotrail.processor-lag.events=5"})
class DeadLetterIT extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aFailingProjectionParksTheEventAndARetryAfterTheFixAppliesIt() {
        Fixture f = projectWith(1, null);
        // Reading the fixture's batch waits until the projection has processed everything so far.
        assertThat(f.manager().api().get("/api/v1/batches/" + f.batchId()).status()).isEqualTo(200);
        jdbc.execute("ALTER TABLE rm_batch RENAME TO rm_batch_broken");
        String batchId;
        try {
            var batch = f.manager().api().post("/api/v1/projects/" + f.projectId() + "/batches", Map.of("name", "doomed"));
            assertThat(batch.status()).isEqualTo(201); // the command side is not affected
            batchId = batch.json().get("id").asString();

            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(sequences(admin.get("/api/v1/admin/dead-letters").json(), "workspaces")).isEqualTo(1));

            // Other aggregates' events still flow through the same processing group.
            var other = f.manager().api().post("/api/v1/workspaces", Map.of("name", "still working"));
            assertThat(other.status()).isEqualTo(201);
            assertThat(f.manager().api().get("/api/v1/workspaces").json().toString()).contains("still working");
        } finally {
            jdbc.execute("ALTER TABLE rm_batch_broken RENAME TO rm_batch");
        }

        var retry = admin.post("/api/v1/admin/dead-letters/workspaces/retry", null);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.json().get("processed").asInt()).isEqualTo(1);
        assertThat(sequences(admin.get("/api/v1/admin/dead-letters").json(), "workspaces")).isZero();
        var batch = f.manager().api().get("/api/v1/batches/" + batchId);
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().get("name").asString()).isEqualTo("doomed");
    }

    @Test
    void onlySystemAdministratorsSeeDeadLetters() {
        User someone = newUser("someone");
        assertThat(someone.api().get("/api/v1/admin/dead-letters").status()).isEqualTo(403);
        assertThat(admin.post("/api/v1/admin/dead-letters/no-such-group/retry", null).status()).isEqualTo(404);
    }

    private static long sequences(JsonNode groups, String group) {
        for (JsonNode g : groups) {
            if (g.get("processingGroup").asString().equals(group)) {
                return g.get("sequences").asLong();
            }
        }
        throw new AssertionError("no dead-letter queue for " + group + " in " + groups);
    }
}
