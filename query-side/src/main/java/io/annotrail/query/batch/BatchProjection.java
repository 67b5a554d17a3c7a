package io.annotrail.query.batch;

import io.annotrail.domain.batch.BatchClosedEvent;
import io.annotrail.domain.batch.BatchCreatedEvent;
import io.annotrail.domain.batch.BatchOpenedEvent;
import io.annotrail.domain.batch.BatchPausedEvent;
import io.annotrail.domain.batch.BatchPriorityChangedEvent;
import io.annotrail.domain.batch.BatchView;
import io.annotrail.domain.batch.FindBatchQuery;
import io.annotrail.domain.batch.ListBatchesQuery;
import io.annotrail.domain.batch.TasksImportedEvent;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.common.ProjectId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Batches: status, priority and the number of imported tasks. Every change after creation is one UPDATE
 * guarded by {@code last_seq < seq}; the task count is an increment, which is exactly why it needs the
 * guard (a redelivered TasksImportedEvent must not count twice). Replay: reset empties the table.
 */
@Component
@ProcessingGroup(BatchProjection.GROUP)
class BatchProjection {

    static final String GROUP = "workspaces";

    private final JdbcClient jdbc;

    BatchProjection(JdbcTemplate jdbcTemplate) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
    }

    @EventHandler
    void on(BatchCreatedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        jdbc.sql("""
                        INSERT INTO rm_batch (batch_id, project_id, workspace_id, name, status, priority, task_count,
                                              created_at, last_seq)
                        VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (batch_id) DO NOTHING""")
                .params(event.batchId().value(), event.projectId().value(), event.workspaceId().value(), event.name(),
                        BatchStatus.DRAFT.name(), event.priority(), at.atOffset(ZoneOffset.UTC), seq)
                .update();
    }

    @EventHandler
    void on(BatchOpenedEvent event, @SequenceNumber long seq) {
        status(event.batchId(), BatchStatus.OPEN, seq);
    }

    @EventHandler
    void on(BatchPausedEvent event, @SequenceNumber long seq) {
        status(event.batchId(), BatchStatus.PAUSED, seq);
    }

    @EventHandler
    void on(BatchClosedEvent event, @SequenceNumber long seq) {
        status(event.batchId(), BatchStatus.CLOSED, seq);
    }

    @EventHandler
    void on(BatchPriorityChangedEvent event, @SequenceNumber long seq) {
        jdbc.sql("UPDATE rm_batch SET priority = ?, last_seq = ? WHERE batch_id = ? AND last_seq < ?")
                .params(event.priority(), seq, event.batchId().value(), seq)
                .update();
    }

    @EventHandler
    void on(TasksImportedEvent event, @SequenceNumber long seq) {
        jdbc.sql("UPDATE rm_batch SET task_count = task_count + ?, last_seq = ? WHERE batch_id = ? AND last_seq < ?")
                .params(event.accepted(), seq, event.batchId().value(), seq)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE rm_batch").update();
    }

    @QueryHandler
    List<BatchView> handle(ListBatchesQuery query) {
        return jdbc.sql(SELECT + " WHERE project_id = ? ORDER BY created_at, batch_id")
                .param(query.projectId().value())
                .query((rs, n) -> view(rs))
                .list();
    }

    @QueryHandler
    BatchView handle(FindBatchQuery query) {
        return jdbc.sql(SELECT + " WHERE batch_id = ?")
                .param(query.batchId().value())
                .query((rs, n) -> view(rs))
                .optional()
                .orElse(null);
    }

    private static final String SELECT = "SELECT batch_id, project_id, name, status, priority, task_count FROM rm_batch";

    private static BatchView view(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new BatchView(new BatchId(rs.getObject("batch_id", UUID.class)),
                new ProjectId(rs.getObject("project_id", UUID.class)), rs.getString("name"),
                BatchStatus.valueOf(rs.getString("status")), rs.getInt("priority"), rs.getLong("task_count"));
    }

    private void status(BatchId batchId, BatchStatus status, long seq) {
        jdbc.sql("UPDATE rm_batch SET status = ?, last_seq = ? WHERE batch_id = ? AND last_seq < ?")
                .params(status.name(), seq, batchId.value(), seq)
                .update();
    }
}
