package io.annotrail.app.bench;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/**
 * The bench harness's second yardstick (issue 10): the bare-SQL claim and submit of its JDBC baseline
 * ({@code bench/.../SqlBaseline}, same statements on the harness's own {@code bench_*} tables) behind this app's
 * HTTP stack — Tomcat, the security chain with bearer-token lookup, MVC and JSON — without Axon, events or read
 * models. The ratio ours / this is the price of the domain alone. Exists only when
 * {@code annotrail.bench.endpoints=true} (ANNOTRAIL_BENCH_ENDPOINTS; never in production), and touches no table of
 * the app's own.
 */
@RestController
@RequestMapping("/api/v1/bench/baseline/{runId}")
@ConditionalOnProperty(name = "annotrail.bench.endpoints", havingValue = "true")
class BenchBaselineController {

    // The statements of SqlBaseline, unchanged.
    private static final String CLAIM_SELECT = """
            SELECT t.id, t.data FROM bench_task t
             WHERE t.run_id = ? AND t.free_slots > 0
               AND NOT EXISTS (SELECT 1 FROM bench_lease l WHERE l.task_id = t.id AND l.annotator = ?)
             ORDER BY t.id
             LIMIT 1
               FOR UPDATE SKIP LOCKED""";
    private static final String CLAIM_TAKE_SLOT = "UPDATE bench_task SET free_slots = free_slots - 1 WHERE id = ?";
    private static final String CLAIM_LEASE = """
            INSERT INTO bench_lease (lease_id, task_id, annotator, claimed_at, expires_at)
            VALUES (?, ?, ?, now(), now() + interval '3600 seconds')""";
    private static final String SUBMIT_END_LEASE = """
            UPDATE bench_lease SET state = 'SUBMITTED'
             WHERE lease_id = ? AND annotator = ? AND state = 'LIVE' AND expires_at > now()
            RETURNING task_id""";
    private static final String SUBMIT_INSERT = """
            INSERT INTO bench_annotation (task_id, lease_id, annotator, submission_id, response, submitted_at)
            VALUES (?, ?, ?, ?, ?::jsonb, now())""";
    private static final String SUBMIT_COUNT = "UPDATE bench_task SET annotations = annotations + 1 WHERE id = ?";

    record ClaimRequest(int annotator) {
    }

    record Claimed(long taskId, UUID leaseId, String data) {
    }

    record SubmitRequest(int annotator, UUID leaseId, String submissionId, String response) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    BenchBaselineController(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @PostMapping("/claims")
    ResponseEntity<Claimed> claim(@PathVariable int runId, @RequestBody ClaimRequest request) {
        Claimed claimed = transactions.execute(status -> {
            List<Claimed> found = jdbc.query(CLAIM_SELECT, (rs, n) -> new Claimed(rs.getLong(1), UUID.randomUUID(),
                    rs.getString(2)), runId, request.annotator());
            if (found.isEmpty()) {
                return null;
            }
            Claimed c = found.getFirst();
            jdbc.update(CLAIM_TAKE_SLOT, c.taskId());
            jdbc.update(CLAIM_LEASE, c.leaseId(), c.taskId(), request.annotator());
            return c;
        });
        return claimed == null ? ResponseEntity.noContent().build() : ResponseEntity.status(HttpStatus.CREATED).body(claimed);
    }

    @PostMapping("/annotations")
    ResponseEntity<Void> submit(@PathVariable int runId, @RequestBody SubmitRequest request) {
        boolean stored = Boolean.TRUE.equals(transactions.execute(status -> {
            List<Long> task = jdbc.query(SUBMIT_END_LEASE, (rs, n) -> rs.getLong(1), request.leaseId(), request.annotator());
            if (task.isEmpty()) {
                return false;
            }
            jdbc.update(SUBMIT_INSERT, task.getFirst(), request.leaseId(), request.annotator(), request.submissionId(),
                    request.response());
            jdbc.update(SUBMIT_COUNT, task.getFirst());
            return true;
        }));
        return ResponseEntity.status(stored ? HttpStatus.CREATED : HttpStatus.CONFLICT).build();
    }
}
