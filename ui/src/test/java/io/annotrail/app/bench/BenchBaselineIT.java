package io.annotrail.app.bench;

import io.annotrail.app.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import javax.sql.DataSource;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench harness's HTTP bare-SQL baseline endpoints, switched on as the harness switches them on. */
@TestPropertySource(properties = "annotrail.bench.endpoints=true")
class BenchBaselineIT extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    private User annotator;

    @BeforeEach
    void tables() {
        // The harness's bench_* tables (SqlBaseline.SCHEMA, trimmed to what the statements touch).
        new JdbcTemplate(dataSource).execute("""
                DROP TABLE IF EXISTS bench_annotation, bench_lease, bench_task;
                CREATE TABLE bench_task (id BIGSERIAL PRIMARY KEY, run_id INT NOT NULL, external_id TEXT NOT NULL,
                    data JSONB NOT NULL, overlap INT NOT NULL, free_slots INT NOT NULL, annotations INT NOT NULL DEFAULT 0);
                CREATE TABLE bench_lease (lease_id UUID PRIMARY KEY, task_id BIGINT NOT NULL REFERENCES bench_task,
                    annotator INT NOT NULL, claimed_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL,
                    state TEXT NOT NULL DEFAULT 'LIVE', UNIQUE (task_id, annotator));
                CREATE TABLE bench_annotation (id BIGSERIAL PRIMARY KEY, task_id BIGINT NOT NULL REFERENCES bench_task,
                    lease_id UUID NOT NULL UNIQUE REFERENCES bench_lease, annotator INT NOT NULL,
                    submission_id TEXT NOT NULL UNIQUE, response JSONB NOT NULL, submitted_at TIMESTAMPTZ NOT NULL);
                INSERT INTO bench_task (run_id, external_id, data, overlap, free_slots) VALUES (7, 't-1', '{"x":1}', 1, 1);
                """);
        annotator = newUser("bench");
    }

    @Test
    void aSignedInCallerClaimsAndSubmitsWithTheBaselineSqlAndTheSlotIsThenGone() {
        var claim = annotator.api().post("/api/v1/bench/baseline/7/claims", Map.of("annotator", 1));
        assertThat(claim.status()).as(claim.toString()).isEqualTo(201);
        String leaseId = claim.json().get("leaseId").asString();

        var submit = annotator.api().post("/api/v1/bench/baseline/7/annotations", Map.of("annotator", 1,
                "leaseId", leaseId, "submissionId", UUID.randomUUID().toString(), "response", "{\"label\":\"cat\"}"));

        assertThat(submit.status()).as(submit.toString()).isEqualTo(201);
        assertThat(annotator.api().post("/api/v1/bench/baseline/7/claims", Map.of("annotator", 2)).status()).isEqualTo(204);
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT annotations FROM bench_task", Integer.class)).isEqualTo(1);
    }

    @Test
    void theBaselineEndpointsNeedAToken() {
        assertThat(anonymous.post("/api/v1/bench/baseline/7/claims", Map.of("annotator", 1)).status()).isEqualTo(401);
    }
}
