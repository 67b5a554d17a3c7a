package io.annotrail.query.queue;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ClaimQueue} on the "queue" read model. Both lookups take the row lock of rm_queue with SKIP LOCKED,
 * so concurrent claimers in one project spread over different tasks instead of queueing behind one row.
 * The plain candidate lookup walks ix_rm_queue_lock_next_candidate, a partial index holding only claimable
 * rows in (priority DESC, position) order, and stops at the first row passing the participant check.
 */
@Component
class JdbcClaimQueue implements ClaimQueue {

    private static final String REWORK = """
            SELECT q.task_id FROM rm_queue_rework r
            JOIN rm_queue q ON q.task_id = r.task_id
            WHERE r.user_id = ? AND q.project_id = ? AND q.batch_open
              AND NOT EXISTS (SELECT 1 FROM rm_queue_participant p
                              WHERE p.task_id = q.task_id AND p.user_id = r.user_id AND p.lease_id IS NOT NULL)
              AND q.task_id <> ALL (?)
            ORDER BY q.priority DESC, q.position
            LIMIT 1
            FOR UPDATE OF q SKIP LOCKED""";

    private static final String RESERVED = """
            SELECT q.task_id FROM rm_queue_reserved r
            JOIN rm_queue q ON q.task_id = r.task_id
            WHERE r.user_id = ? AND q.project_id = ? AND q.batch_open
              AND q.task_id <> ALL (?)
            ORDER BY q.priority DESC, q.position
            LIMIT 1
            FOR UPDATE OF q SKIP LOCKED""";

    private static final String NEXT = """
            SELECT q.task_id FROM rm_queue q
            WHERE q.project_id = ? AND q.batch_open AND q.free_slots > 0
              AND NOT EXISTS (SELECT 1 FROM rm_queue_participant p WHERE p.task_id = q.task_id AND p.user_id = ?)
              AND q.task_id <> ALL (?)
            ORDER BY q.priority DESC, q.position
            LIMIT 1
            FOR UPDATE OF q SKIP LOCKED""";

    private final JdbcTemplate jdbc;

    JdbcClaimQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<TaskId> lockNextCandidate(ProjectId projectId, UserId userId, Collection<TaskId> exclude) {
        // Outside a transaction the lock would end with the statement and two claimers could get one row.
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("ClaimQueue.lockNextCandidate must run inside a transaction");
        }
        UUID[] excluded = exclude.stream().map(TaskId::value).distinct().toArray(UUID[]::new);
        Optional<TaskId> rework = first(REWORK, excluded, userId.value(), projectId.value());
        if (rework.isPresent()) {
            return rework;
        }
        Optional<TaskId> reserved = first(RESERVED, excluded, userId.value(), projectId.value());
        return reserved.isPresent() ? reserved : first(NEXT, excluded, projectId.value(), userId.value());
    }

    private Optional<TaskId> first(String sql, UUID[] excluded, UUID p1, UUID p2) {
        List<TaskId> found = jdbc.query((Connection con) -> {
            PreparedStatement ps = con.prepareStatement(sql);
            ps.setObject(1, p1);
            ps.setObject(2, p2);
            ps.setArray(3, uuidArray(con, excluded));
            return ps;
        }, (rs, n) -> new TaskId(rs.getObject(1, UUID.class)));
        return found.stream().findFirst();
    }

    private static Array uuidArray(Connection con, UUID[] values) throws SQLException {
        return con.createArrayOf("uuid", values);
    }
}
