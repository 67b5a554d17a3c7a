package io.annotrail.command.task;

import io.annotrail.command.directory.DirectoryUpdater;
import io.annotrail.domain.batch.BatchClosedEvent;
import io.annotrail.domain.batch.BatchCreatedEvent;
import io.annotrail.domain.batch.BatchOpenedEvent;
import io.annotrail.domain.batch.BatchPausedEvent;
import io.annotrail.domain.batch.BatchPriorityChangedEvent;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.task.AnnotationReviewedEvent;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.LeaseExpiredEvent;
import io.annotrail.domain.task.LeaseReleasedEvent;
import io.annotrail.domain.task.TaskClaimedEvent;
import io.annotrail.domain.task.TaskCreatedEvent;
import io.annotrail.domain.task.TaskSkippedEvent;
import io.annotrail.domain.task.TaskSlotReservedEvent;
import io.annotrail.domain.task.TaskStatusChangedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Keeps the claimable-slot tables ({@code cmd_claimable_*}, see V2_2) in step with the task and batch events.
 * <p>
 * It belongs to the subscribing {@value DirectoryUpdater#PROCESSING_GROUP} processor, so it runs in the
 * transaction that appends the events: a claim, submit or expiry changes the task's row before that transaction
 * commits, and claim-next ({@link ClaimNext}) never reads a row that is behind the task aggregate.
 * <p>
 * Slots are counted as {@link Task} counts them: a slot is occupied by an annotation that was not rejected, a live
 * lease that is not a rework lease, an owed rework (the rework lease works inside it) and a reservation (the
 * assignee's claim consumes it and the lease counts instead). The per-user flags say who must not get the task
 * (a live lease, annotated or skipped) and who gets it whatever the free count (an owed rework, a reservation).
 * <p>
 * Each task event first advances the row's {@code last_seq}; the update also takes the row lock, so every change of
 * one task's rows is ordered by that lock. An event of a task without a row (completed, or its batch closed; both
 * final) changes nothing. One method folds every event, so the upgrade backfill folds the stored events the same way.
 */
@Component
@ProcessingGroup(DirectoryUpdater.PROCESSING_GROUP)
class ClaimableSlots {

    private static final String PENDING_CREATIONS = ClaimableSlots.class.getName() + ".pendingCreations";

    private final JdbcClient jdbc;

    ClaimableSlots(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    // A catch-all handler (payloads of no interest fall through the switch) so that the live path and the backfill
    // share one fold.
    @EventHandler
    void on(Object payload, @SequenceNumber long seq) {
        apply(payload, seq);
    }

    void apply(Object payload, long seq) {
        if (!(payload instanceof TaskCreatedEvent)) {
            flushCreations();
        }
        switch (payload) {
            case BatchCreatedEvent e -> jdbc.sql("""
                            INSERT INTO cmd_claimable_batch (batch_id, open, priority, last_seq) VALUES (?, false, ?, ?)
                            ON CONFLICT (batch_id) DO NOTHING""")
                    .params(e.batchId().value(), e.priority(), seq).update();
            case BatchOpenedEvent e -> batch(e.batchId(), seq, "open", true);
            case BatchPausedEvent e -> batch(e.batchId(), seq, "open", false);
            case BatchPriorityChangedEvent e -> batch(e.batchId(), seq, "priority", e.priority());
            case BatchClosedEvent e -> {
                // CLOSED is final: its tasks never take work again (user rows cascade).
                jdbc.sql("DELETE FROM cmd_claimable_task WHERE batch_id = ?").param(e.batchId().value()).update();
                jdbc.sql("DELETE FROM cmd_claimable_batch WHERE batch_id = ?").param(e.batchId().value()).update();
            }
            case TaskCreatedEvent e -> created(e, seq);
            case TaskClaimedEvent e -> {
                if (advance(e.taskId(), seq)) {
                    // The assignee's claim consumes their reservation, as in the aggregate.
                    jdbc.sql("""
                                    INSERT INTO cmd_claimable_user (task_id, user_id, lease_id, lease_rework) VALUES (?, ?, ?, ?)
                                    ON CONFLICT (task_id, user_id) DO UPDATE
                                        SET lease_id = EXCLUDED.lease_id, lease_rework = EXCLUDED.lease_rework, reserved = false""")
                            .params(e.taskId().value(), e.annotatorId().value(), e.leaseId().value(), e.rework())
                            .update();
                    recount(e.taskId());
                }
            }
            case TaskSlotReservedEvent e -> {
                if (advance(e.taskId(), seq)) {
                    jdbc.sql("""
                                    INSERT INTO cmd_claimable_user (task_id, user_id, reserved) VALUES (?, ?, true)
                                    ON CONFLICT (task_id, user_id) DO UPDATE SET reserved = true""")
                            .params(e.taskId().value(), e.assignee().value())
                            .update();
                    recount(e.taskId());
                }
            }
            case LeaseReleasedEvent e -> leaseEnded(e.taskId(), e.annotatorId(), e.leaseId().value(), seq);
            case LeaseExpiredEvent e -> leaseEnded(e.taskId(), e.annotatorId(), e.leaseId().value(), seq);
            case TaskSkippedEvent e -> {
                if (advance(e.taskId(), seq)) {
                    // Skipping a rework lease gives the owed slot up (every right-hand side reads the old row).
                    jdbc.sql("""
                                    UPDATE cmd_claimable_user
                                       SET rework_owed = rework_owed AND NOT (lease_rework AND lease_id = ?),
                                           lease_id = NULL, lease_rework = false, participated = true
                                     WHERE task_id = ? AND user_id = ?""")
                            .params(e.leaseId().value(), e.taskId().value(), e.annotatorId().value())
                            .update();
                    recount(e.taskId());
                }
            }
            case AnnotationSubmittedEvent e -> {
                if (advance(e.taskId(), seq)) {
                    jdbc.sql("""
                                    UPDATE cmd_claimable_user
                                       SET lease_id = NULL, lease_rework = false, participated = true, annotated = true,
                                           rework_owed = rework_owed AND ?
                                     WHERE task_id = ? AND user_id = ?""")
                            .params(e.reworkOf() == null, e.taskId().value(), e.annotatorId().value())
                            .update();
                    recount(e.taskId());
                }
            }
            case AnnotationReviewedEvent e -> {
                // An accepted annotation keeps its slot; a rejected one frees it and reserves it for its annotator.
                if (e.decision() == ReviewDecision.REJECT && advance(e.taskId(), seq)) {
                    jdbc.sql("""
                                    INSERT INTO cmd_claimable_user (task_id, user_id, participated, rework_owed)
                                    VALUES (?, ?, true, true)
                                    ON CONFLICT (task_id, user_id) DO UPDATE SET annotated = false, rework_owed = true""")
                            .params(e.taskId().value(), e.annotatorId().value())
                            .update();
                    recount(e.taskId());
                }
            }
            case TaskStatusChangedEvent e -> {
                if (e.status() == TaskStatus.COMPLETED) {
                    // COMPLETED is final: a completed task refuses every claim.
                    jdbc.sql("DELETE FROM cmd_claimable_task WHERE task_id = ?").param(e.taskId().value()).update();
                }
            }
            default -> {
            }
        }
    }

    /**
     * Creations come in bulk (an import starts up to 100 000 task streams in one unit of work), so they are
     * collected for the unit of work and inserted with one statement per chunk before it commits; any other event
     * first writes the creations collected before it, so the order of the fold is kept.
     */
    private void created(TaskCreatedEvent event, long seq) {
        if (!CurrentUnitOfWork.isStarted()) {
            insertCreations(List.of(event));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<TaskCreatedEvent> pending = unitOfWork.getOrComputeResource(PENDING_CREATIONS, key -> {
            List<TaskCreatedEvent> list = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> flushCreations());
            return list;
        });
        pending.add(event);
    }

    private void flushCreations() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        List<TaskCreatedEvent> pending = CurrentUnitOfWork.get().getResource(PENDING_CREATIONS);
        if (pending != null && !pending.isEmpty()) {
            List<TaskCreatedEvent> batch = new ArrayList<>(pending);
            pending.clear();
            insertCreations(batch);
        }
    }

    private static final int CHUNK = 5_000;

    private void insertCreations(List<TaskCreatedEvent> events) {
        for (int from = 0; from < events.size(); from += CHUNK) {
            List<TaskCreatedEvent> chunk = events.subList(from, Math.min(events.size(), from + CHUNK));
            // A task of a closed (deleted) batch gets no row. WITH ORDINALITY keeps import order in the positions.
            jdbc.sql("""
                            INSERT INTO cmd_claimable_task (task_id, project_id, batch_id, overlap, free_slots, batch_open,
                                                            priority, last_seq)
                            SELECT u.t, u.p, u.b, u.o, u.o, b.open, b.priority, 0
                              FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::int[]) WITH ORDINALITY AS u(t, p, b, o, n)
                              JOIN cmd_claimable_batch b ON b.batch_id = u.b
                             ORDER BY u.n
                            ON CONFLICT (task_id) DO NOTHING""")
                    .params(chunk.stream().map(e -> e.taskId().value()).toArray(UUID[]::new),
                            chunk.stream().map(e -> e.projectId().value()).toArray(UUID[]::new),
                            chunk.stream().map(e -> e.batchId().value()).toArray(UUID[]::new),
                            chunk.stream().map(TaskCreatedEvent::overlap).toArray(Integer[]::new))
                    .update();
        }
    }

    /** column is one of the constant column names above, never input. */
    private void batch(BatchId batchId, long seq, String column, Object value) {
        int changed = jdbc.sql("UPDATE cmd_claimable_batch SET " + column + " = ?, last_seq = ? WHERE batch_id = ? AND last_seq < ?")
                .params(value, seq, batchId.value(), seq)
                .update();
        if (changed > 0) {
            String taskColumn = column.equals("open") ? "batch_open" : column;
            jdbc.sql("UPDATE cmd_claimable_task SET " + taskColumn + " = ? WHERE batch_id = ?")
                    .params(value, batchId.value())
                    .update();
        }
    }

    /** Moves the task's last_seq to seq (and locks its row); false when there is no row or the event was folded. */
    private boolean advance(TaskId taskId, long seq) {
        return jdbc.sql("UPDATE cmd_claimable_task SET last_seq = ? WHERE task_id = ? AND last_seq < ?")
                .params(seq, taskId.value(), seq)
                .update() > 0;
    }

    private void leaseEnded(TaskId taskId, UserId annotatorId, UUID leaseId, long seq) {
        if (!advance(taskId, seq)) {
            return;
        }
        jdbc.sql("UPDATE cmd_claimable_user SET lease_id = NULL, lease_rework = false WHERE task_id = ? AND lease_id = ?")
                .params(taskId.value(), leaseId)
                .update();
        // A user who only held a lease may claim the task again.
        jdbc.sql("""
                        DELETE FROM cmd_claimable_user
                         WHERE task_id = ? AND user_id = ? AND lease_id IS NULL
                           AND NOT participated AND NOT rework_owed AND NOT reserved""")
                .params(taskId.value(), annotatorId.value())
                .update();
        recount(taskId);
    }

    /** Recomputes free_slots from the task's user rows (a handful). */
    private void recount(TaskId taskId) {
        jdbc.sql("""
                        UPDATE cmd_claimable_task t SET free_slots = t.overlap
                            - (SELECT count(*) FILTER (WHERE u.annotated)
                                    + count(*) FILTER (WHERE u.lease_id IS NOT NULL AND NOT u.lease_rework)
                                    + count(*) FILTER (WHERE u.rework_owed)
                                    + count(*) FILTER (WHERE u.reserved)
                               FROM cmd_claimable_user u WHERE u.task_id = t.task_id)
                        WHERE t.task_id = ?""")
                .param(taskId.value())
                .update();
    }
}
