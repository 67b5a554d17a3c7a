package io.annotrail.query.task;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.Violation;
import io.annotrail.domain.project.ProjectProgress;
import io.annotrail.domain.project.ProjectProgressQuery;
import io.annotrail.domain.task.AnnotationReviewedEvent;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.FindTaskQuery;
import io.annotrail.domain.task.LeaseExpiredEvent;
import io.annotrail.domain.task.LeaseReleasedEvent;
import io.annotrail.domain.task.LeaseRenewedEvent;
import io.annotrail.domain.task.ListTasksQuery;
import io.annotrail.domain.task.TaskClaimedEvent;
import io.annotrail.domain.task.TaskCreatedEvent;
import io.annotrail.domain.task.TaskPage;
import io.annotrail.domain.task.TaskSkippedEvent;
import io.annotrail.domain.task.TaskStatusChangedEvent;
import io.annotrail.domain.task.TaskSummary;
import io.annotrail.domain.task.TaskView;
import io.annotrail.domain.task.SuggestionRecordedEvent;
import io.annotrail.domain.common.BatchId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Task detail (one {@link TaskFold} document per task) and per-project progress counters.
 * <p>
 * Idempotency: a task row is only rewritten when the event's sequence number is above the stored one,
 * and the counters move by the difference between the old and the new row in the same SQL statement as
 * that guarded write (a data-modifying CTE). An event seen twice therefore changes neither the row nor the
 * counters. Replay: the reset handler empties both tables and the fold rebuilds them from the first event.
 */
@Component
@ProcessingGroup(TaskProjection.GROUP)
class TaskProjection {

    static final String GROUP = "tasks";
    static final int MAX_PAGE_SIZE = 500;

    /** Adds the deltas to the project's counters; the SELECT yields a row only when the task row changed. */
    private static final String PROGRESS_UPSERT = """
            INSERT INTO rm_project_progress AS p
                (project_id, tasks, open_tasks, in_progress, submitted, in_review, completed, annotations)
            SELECT project_id, ?, ?, ?, ?, ?, ?, ? FROM changed
            ON CONFLICT (project_id) DO UPDATE SET
                tasks = p.tasks + EXCLUDED.tasks,
                open_tasks = p.open_tasks + EXCLUDED.open_tasks,
                in_progress = p.in_progress + EXCLUDED.in_progress,
                submitted = p.submitted + EXCLUDED.submitted,
                in_review = p.in_review + EXCLUDED.in_review,
                completed = p.completed + EXCLUDED.completed,
                annotations = p.annotations + EXCLUDED.annotations
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TaskProjection(JdbcTemplate jdbcTemplate, JsonMapper json) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.json = json;
    }

    @EventHandler
    void on(TaskCreatedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        TaskView view = TaskFold.apply(null, event, seq, at);
        // ON CONFLICT DO NOTHING makes a redelivered creation a no-op, and then "changed" is empty, so the
        // counters are not bumped twice.
        List<Object> params = new ArrayList<>(List.of(view.taskId().value(), view.projectId().value(),
                view.workspaceId().value(), view.batchId().value(), view.externalId(), view.status().name(),
                TaskFold.liveAnnotations(view), view.leases().size(), json.writeValueAsString(view), seq,
                utc(at), utc(at)));
        params.addAll(delta(null, view));
        jdbc.sql("""
                        WITH changed AS (
                            INSERT INTO rm_task (task_id, project_id, workspace_id, batch_id, external_id, status,
                                                 annotations, active_leases, doc, last_seq, created_at, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)
                            ON CONFLICT (task_id) DO NOTHING
                            RETURNING project_id)
                        """ + PROGRESS_UPSERT)
                .params(params)
                .update();
    }

    @EventHandler
    void on(TaskClaimedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        fold(event.taskId(), event, seq, at);
    }

    @EventHandler
    void on(LeaseRenewedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        fold(event.taskId(), event, seq, at);
    }

    @EventHandler
    void on(LeaseReleasedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        fold(event.taskId(), event, seq, at);
    }

    @EventHandler
    void on(LeaseExpiredEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        fold(event.taskId(), event, seq, at);
    }

    @EventHandler
    void on(TaskSkippedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        fold(event.taskId(), event, seq, at);
    }

    @EventHandler
    void on(AnnotationSubmittedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        fold(event.taskId(), event, seq, at);
    }

    @EventHandler
    void on(AnnotationReviewedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        fold(event.taskId(), event, seq, at);
    }

    @EventHandler
    void on(TaskStatusChangedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        fold(event.taskId(), event, seq, at);
    }

    @EventHandler
    void on(SuggestionRecordedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        fold(event.taskId(), event, seq, at);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE rm_task, rm_project_progress").update();
    }

    @QueryHandler
    TaskView handle(FindTaskQuery query) {
        return load(query.taskId()).map(Stored::view).orElse(null);
    }

    @QueryHandler
    TaskPage handle(ListTasksQuery query) {
        List<Violation> violations = new ArrayList<>();
        if (query.page() < 0) {
            violations.add(new Violation("page", "must be 0 or more"));
        }
        if (query.size() < 1 || query.size() > MAX_PAGE_SIZE) {
            violations.add(new Violation("size", "must be between 1 and " + MAX_PAGE_SIZE));
        }
        if (query.projectId() == null) {
            violations.add(new Violation("projectId", "is required"));
        }
        if (!violations.isEmpty()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "invalid task list request", violations);
        }
        StringBuilder where = new StringBuilder(" WHERE project_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(query.projectId().value());
        if (query.status() != null) {
            where.append(" AND status = ?");
            params.add(query.status().name());
        }
        if (query.batchId() != null) {
            where.append(" AND batch_id = ?");
            params.add(query.batchId().value());
        }
        long total = jdbc.sql("SELECT count(*) FROM rm_task" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(query.size());
        pageParams.add((long) query.page() * query.size());
        // task_id breaks ties between tasks created in the same instant, so pages never overlap or skip.
        List<TaskSummary> items = jdbc.sql("""
                        SELECT task_id, batch_id, external_id, status, annotations, active_leases, updated_at
                        FROM rm_task""" + where + " ORDER BY created_at, task_id LIMIT ? OFFSET ?")
                .params(pageParams)
                .query((rs, n) -> new TaskSummary(new TaskId(rs.getObject("task_id", UUID.class)),
                        new BatchId(rs.getObject("batch_id", UUID.class)), rs.getString("external_id"),
                        TaskStatus.valueOf(rs.getString("status")), rs.getInt("annotations"),
                        rs.getInt("active_leases"), rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
                .list();
        return new TaskPage(items, query.page(), query.size(), total);
    }

    @QueryHandler
    ProjectProgress handle(ProjectProgressQuery query) {
        return jdbc.sql("""
                        SELECT tasks, open_tasks, in_progress, submitted, in_review, completed, annotations
                        FROM rm_project_progress WHERE project_id = ?""")
                .param(query.projectId().value())
                .query((rs, n) -> new ProjectProgress(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7)))
                .optional()
                .orElse(new ProjectProgress(0, 0, 0, 0, 0, 0, 0));
    }

    private void fold(TaskId taskId, Object event, long seq, Instant at) {
        Optional<Stored> stored = load(taskId);
        // Events of one aggregate arrive in sequence order, so a task without a row has not been created
        // for this projection yet (impossible) and a sequence number at or below last_seq is a redelivery.
        if (stored.isEmpty() || seq <= stored.get().lastSeq()) {
            return;
        }
        TaskView before = stored.get().view();
        TaskView after = TaskFold.apply(before, event, seq, at);
        List<Object> params = new ArrayList<>(List.of(after.status().name(), TaskFold.liveAnnotations(after),
                after.leases().size(), json.writeValueAsString(after), seq, utc(at), taskId.value(),
                stored.get().lastSeq()));
        params.addAll(delta(before, after));
        // "last_seq = previous" rather than "< seq": the deltas were computed from exactly that row, so the
        // write (and with it the counters) only happens when the row is still the one that was read.
        jdbc.sql("""
                        WITH changed AS (
                            UPDATE rm_task SET status = ?, annotations = ?, active_leases = ?,
                                               doc = CAST(? AS jsonb), last_seq = ?, updated_at = ?
                            WHERE task_id = ? AND last_seq = ?
                            RETURNING project_id)
                        """ + PROGRESS_UPSERT)
                .params(params)
                .update();
    }

    private Optional<Stored> load(TaskId taskId) {
        return jdbc.sql("SELECT doc, last_seq FROM rm_task WHERE task_id = ?")
                .param(taskId.value())
                .query((rs, n) -> new Stored(readDocument(json, rs.getString("doc")), rs.getLong("last_seq")))
                .optional();
    }

    /** Counter deltas in PROGRESS_UPSERT column order: tasks, five statuses, annotations. */
    private static List<Object> delta(TaskView before, TaskView after) {
        Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            byStatus.put(s, 0L);
        }
        byStatus.merge(after.status(), 1L, Long::sum);
        if (before != null) {
            byStatus.merge(before.status(), -1L, Long::sum);
        }
        long annotations = TaskFold.liveAnnotations(after) - (before == null ? 0 : TaskFold.liveAnnotations(before));
        return List.of(before == null ? 1L : 0L, byStatus.get(TaskStatus.OPEN), byStatus.get(TaskStatus.IN_PROGRESS),
                byStatus.get(TaskStatus.SUBMITTED), byStatus.get(TaskStatus.IN_REVIEW),
                byStatus.get(TaskStatus.COMPLETED), annotations);
    }

    /**
     * Reads a stored document back into exactly the view the fold produced. Jackson turns a JSON null in
     * a JsonNode property into a NullNode, while the fold leaves an absent suggestion as Java null; the
     * stored view must equal the recomputed (as-of) one, so that difference is undone here.
     */
    static TaskView readDocument(JsonMapper json, String doc) {
        TaskView v = json.readValue(doc, TaskView.class);
        if (v.suggestion() == null || !v.suggestion().isNull()) {
            return v;
        }
        return new TaskView(v.taskId(), v.projectId(), v.workspaceId(), v.batchId(), v.externalId(), v.status(),
                v.data(), v.overlap(), v.leases(), v.annotations(), v.reviews(), null, v.version(), v.createdAt(),
                v.updatedAt());
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private record Stored(TaskView view, long lastSeq) {
    }
}
