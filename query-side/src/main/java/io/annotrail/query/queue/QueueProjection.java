package io.annotrail.query.queue;

import io.annotrail.domain.batch.BatchClosedEvent;
import io.annotrail.domain.batch.BatchCreatedEvent;
import io.annotrail.domain.batch.BatchOpenedEvent;
import io.annotrail.domain.batch.BatchPausedEvent;
import io.annotrail.domain.batch.BatchPriorityChangedEvent;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.task.AnnotationReviewedEvent;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.LeaseExpiredEvent;
import io.annotrail.domain.task.LeaseReleasedEvent;
import io.annotrail.domain.task.TaskClaimedEvent;
import io.annotrail.domain.task.TaskCreatedEvent;
import io.annotrail.domain.task.TaskSkippedEvent;
import io.annotrail.domain.task.TaskSlotReservedEvent;
import io.annotrail.domain.task.TaskStatusChangedEvent;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.UserId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The claim queue: which tasks can take another annotator, in hand-out order, and who must not get them.
 * <p>
 * Slots: free_slots = overlap - occupied, where occupied counts annotations that are not rejected, live
 * leases that are not rework leases, rework reservations (a rework lease works inside its
 * reservation, so the reservation keeps counting while the lease is live) and bulk-assignment reservations
 * (rm_queue_reserved; the assignee's claim deletes the row and its lease counts instead).
 * <p>
 * Idempotency: task events first advance rm_queue.last_seq under the guard {@code last_seq < seq}; when
 * that touches no row the event was already applied (or the task left the queue) and nothing else runs.
 * Batch events are guarded the same way on rm_queue_batch. All statements of one event run in the event
 * processor's transaction. Rows are deleted when a task completes or its batch closes; both states are
 * final, and a tracking processor only ever redelivers an in-order suffix of a segment's events, so a
 * redelivered creation is always followed again by the event that removed the row.
 * Replay: the reset handler empties every queue table.
 */
@Component
@ProcessingGroup(QueueProjection.GROUP)
class QueueProjection {

    static final String GROUP = "queue";

    private final JdbcClient jdbc;

    QueueProjection(JdbcTemplate jdbcTemplate) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
    }

    // ---- batches ------------------------------------------------------------------------------------

    @EventHandler
    void on(BatchCreatedEvent event, @SequenceNumber long seq) {
        // The row may already exist as a placeholder (last_seq -1) written by a task of this batch that
        // was handled first in another segment.
        int changed = jdbc.sql("""
                        INSERT INTO rm_queue_batch (batch_id, project_id, status, priority, last_seq)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (batch_id) DO UPDATE
                            SET status = EXCLUDED.status, priority = EXCLUDED.priority, last_seq = EXCLUDED.last_seq
                            WHERE rm_queue_batch.last_seq < EXCLUDED.last_seq""")
                .params(event.batchId().value(), event.projectId().value(), BatchStatus.DRAFT.name(),
                        event.priority(), seq)
                .update();
        if (changed > 0) {
            copyBatchStateToTasks(event.batchId());
        }
    }

    @EventHandler
    void on(BatchOpenedEvent event, @SequenceNumber long seq) {
        batchChanged(event.batchId(), seq, "status", BatchStatus.OPEN.name());
    }

    @EventHandler
    void on(BatchPausedEvent event, @SequenceNumber long seq) {
        batchChanged(event.batchId(), seq, "status", BatchStatus.PAUSED.name());
    }

    @EventHandler
    void on(BatchPriorityChangedEvent event, @SequenceNumber long seq) {
        batchChanged(event.batchId(), seq, "priority", event.priority());
    }

    @EventHandler
    void on(BatchClosedEvent event, @SequenceNumber long seq) {
        int changed = jdbc.sql("UPDATE rm_queue_batch SET status = 'CLOSED', last_seq = ? WHERE batch_id = ? AND last_seq < ?")
                .params(seq, event.batchId().value(), seq)
                .update();
        if (changed > 0) {
            // CLOSED is final: its tasks never take work again. Participants and rework rows cascade.
            jdbc.sql("DELETE FROM rm_queue WHERE batch_id = ?").param(event.batchId().value()).update();
        }
    }

    // ---- tasks --------------------------------------------------------------------------------------

    @EventHandler
    void on(TaskCreatedEvent event, @SequenceNumber long seq, @Timestamp Instant at, EventMessage<?> message) {
        created(event, seq, position(message, at));
    }

    void created(TaskCreatedEvent event, long seq, long position) {
        UUID batchId = event.batchId().value();
        jdbc.sql("""
                        INSERT INTO rm_queue_batch (batch_id, project_id, status, priority, last_seq)
                        VALUES (?, ?, 'DRAFT', 0, -1) ON CONFLICT (batch_id) DO NOTHING""")
                .params(batchId, event.projectId().value())
                .update();
        // The share lock orders this insert against a concurrent batch event in another segment: either
        // that event committed first and is read here, or it waits and then updates this task's row too.
        BatchState state = jdbc.sql("SELECT status, priority FROM rm_queue_batch WHERE batch_id = ? FOR SHARE")
                .param(batchId)
                .query((rs, n) -> new BatchState(BatchStatus.valueOf(rs.getString(1)), rs.getInt(2)))
                .single();
        if (state.status() == BatchStatus.CLOSED) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO rm_queue (task_id, project_id, batch_id, overlap, free_slots, priority,
                                              batch_open, position, last_seq)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (task_id) DO NOTHING""")
                .params(event.taskId().value(), event.projectId().value(), batchId, event.overlap(),
                        event.overlap(), state.priority(), state.status() == BatchStatus.OPEN, position, seq)
                .update();
    }

    @EventHandler
    void on(TaskClaimedEvent event, @SequenceNumber long seq) {
        if (!advance(event.taskId(), seq)) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO rm_queue_participant (task_id, user_id, lease_id, lease_rework, annotated, finished)
                        VALUES (?, ?, ?, ?, false, false)
                        ON CONFLICT (task_id, user_id) DO UPDATE
                            SET lease_id = EXCLUDED.lease_id, lease_rework = EXCLUDED.lease_rework""")
                .params(event.taskId().value(), event.annotatorId().value(), event.leaseId().value(), event.rework())
                .update();
        // The assignee's claim consumes their reservation, as in the task aggregate.
        jdbc.sql("DELETE FROM rm_queue_reserved WHERE task_id = ? AND user_id = ?")
                .params(event.taskId().value(), event.annotatorId().value())
                .update();
        recount(event.taskId());
    }

    @EventHandler
    void on(TaskSlotReservedEvent event, @SequenceNumber long seq) {
        if (!advance(event.taskId(), seq)) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO rm_queue_reserved (task_id, user_id, job_id) VALUES (?, ?, ?)
                        ON CONFLICT (task_id, user_id) DO NOTHING""")
                .params(event.taskId().value(), event.assignee().value(), event.jobId().value())
                .update();
        recount(event.taskId());
    }

    @EventHandler
    void on(LeaseReleasedEvent event, @SequenceNumber long seq) {
        leaseEnded(event.taskId(), event.leaseId(), event.annotatorId(), seq);
    }

    @EventHandler
    void on(LeaseExpiredEvent event, @SequenceNumber long seq) {
        leaseEnded(event.taskId(), event.leaseId(), event.annotatorId(), seq);
    }

    @EventHandler
    void on(TaskSkippedEvent event, @SequenceNumber long seq) {
        if (!advance(event.taskId(), seq)) {
            return;
        }
        finished(event.taskId(), event.annotatorId(), false);
        // Skipping a rework lease gives the reserved slot up: the user never comes back to this task.
        dropRework(event.taskId(), event.annotatorId());
        recount(event.taskId());
    }

    @EventHandler
    void on(AnnotationSubmittedEvent event, @SequenceNumber long seq) {
        if (!advance(event.taskId(), seq)) {
            return;
        }
        finished(event.taskId(), event.annotatorId(), true);
        if (event.reworkOf() != null) {
            dropRework(event.taskId(), event.annotatorId());
        }
        recount(event.taskId());
    }

    @EventHandler
    void on(AnnotationReviewedEvent event, @SequenceNumber long seq) {
        if (event.decision() != ReviewDecision.REJECT || !advance(event.taskId(), seq)) {
            return;
        }
        // The rejected annotation stops filling a slot; the slot is reserved for its annotator only.
        jdbc.sql("UPDATE rm_queue_participant SET annotated = false WHERE task_id = ? AND user_id = ?")
                .params(event.taskId().value(), event.annotatorId().value())
                .update();
        jdbc.sql("""
                        INSERT INTO rm_queue_rework (task_id, user_id, annotation_id) VALUES (?, ?, ?)
                        ON CONFLICT (task_id, user_id) DO UPDATE SET annotation_id = EXCLUDED.annotation_id""")
                .params(event.taskId().value(), event.annotatorId().value(), event.annotationId().value())
                .update();
        recount(event.taskId());
    }

    @EventHandler
    void on(TaskStatusChangedEvent event, @SequenceNumber long seq) {
        if (event.status() == TaskStatus.COMPLETED) {
            // COMPLETED is final (a completed task refuses claims); participants and rework rows cascade.
            jdbc.sql("DELETE FROM rm_queue WHERE task_id = ? AND last_seq < ?")
                    .params(event.taskId().value(), seq)
                    .update();
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE rm_queue_reserved, rm_queue_rework, rm_queue_participant, rm_queue, rm_queue_batch").update();
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** column is one of the constant column names above, never input. */
    private void batchChanged(BatchId batchId, long seq, String column, Object value) {
        int changed = jdbc.sql("UPDATE rm_queue_batch SET " + column + " = ?, last_seq = ? WHERE batch_id = ? AND last_seq < ?")
                .params(value, seq, batchId.value(), seq)
                .update();
        if (changed > 0) {
            copyBatchStateToTasks(batchId);
        }
    }

    private void copyBatchStateToTasks(BatchId batchId) {
        jdbc.sql("""
                        UPDATE rm_queue q SET batch_open = (b.status = 'OPEN'), priority = b.priority
                        FROM rm_queue_batch b
                        WHERE b.batch_id = ? AND q.batch_id = b.batch_id""")
                .param(batchId.value())
                .update();
    }

    /** Moves the task's last_seq to seq; false when the event was already applied or the task left the queue. */
    private boolean advance(TaskId taskId, long seq) {
        return jdbc.sql("UPDATE rm_queue SET last_seq = ? WHERE task_id = ? AND last_seq < ?")
                .params(seq, taskId.value(), seq)
                .update() > 0;
    }

    private void leaseEnded(TaskId taskId, LeaseId leaseId, UserId annotatorId, long seq) {
        if (!advance(taskId, seq)) {
            return;
        }
        jdbc.sql("UPDATE rm_queue_participant SET lease_id = NULL, lease_rework = false WHERE task_id = ? AND lease_id = ?")
                .params(taskId.value(), leaseId.value())
                .update();
        // A user who only held a lease may claim the task again; one who annotated or skipped may not.
        jdbc.sql("DELETE FROM rm_queue_participant WHERE task_id = ? AND user_id = ? AND lease_id IS NULL AND NOT finished")
                .params(taskId.value(), annotatorId.value())
                .update();
        recount(taskId);
    }

    private void finished(TaskId taskId, UserId userId, boolean annotated) {
        jdbc.sql("""
                        INSERT INTO rm_queue_participant (task_id, user_id, lease_id, lease_rework, annotated, finished)
                        VALUES (?, ?, NULL, false, ?, true)
                        ON CONFLICT (task_id, user_id) DO UPDATE
                            SET lease_id = NULL, lease_rework = false,
                                annotated = rm_queue_participant.annotated OR EXCLUDED.annotated, finished = true""")
                .params(taskId.value(), userId.value(), annotated)
                .update();
    }

    private void dropRework(TaskId taskId, UserId userId) {
        jdbc.sql("DELETE FROM rm_queue_rework WHERE task_id = ? AND user_id = ?")
                .params(taskId.value(), userId.value())
                .update();
    }

    /** Recomputes free_slots from the participant, rework and reservation rows of one task (a handful of rows). */
    private void recount(TaskId taskId) {
        jdbc.sql("""
                        UPDATE rm_queue q SET free_slots = q.overlap
                            - (SELECT count(*) FILTER (WHERE p.annotated)
                                    + count(*) FILTER (WHERE p.lease_id IS NOT NULL AND NOT p.lease_rework)
                               FROM rm_queue_participant p WHERE p.task_id = q.task_id)
                            - (SELECT count(*) FROM rm_queue_rework r WHERE r.task_id = q.task_id)
                            - (SELECT count(*) FROM rm_queue_reserved s WHERE s.task_id = q.task_id)
                        WHERE q.task_id = ?""")
                .param(taskId.value())
                .update();
    }

    /**
     * The event's global position in the event store, so hand-out order is import order and the same on
     * every replay. Only an untracked message (not delivered by a streaming processor) lacks one; it then
     * falls back to its timestamp in microseconds, which sorts after every realistic store position.
     */
    static long position(EventMessage<?> message, Instant at) {
        if (message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null) {
            var position = tracked.trackingToken().position();
            if (position.isPresent()) {
                return position.getAsLong();
            }
        }
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    private record BatchState(BatchStatus status, int priority) {
    }
}
