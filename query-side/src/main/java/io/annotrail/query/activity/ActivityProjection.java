package io.annotrail.query.activity;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.Violation;
import io.annotrail.domain.project.ProjectActivity;
import io.annotrail.domain.project.ProjectActivityQuery;
import io.annotrail.domain.task.AnnotationReviewedEvent;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.ReviewQueueQuery;
import io.annotrail.domain.task.TaskPage;
import io.annotrail.domain.task.TaskSummary;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.TaskStatus;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One row per annotation with its review state: what the project dashboard charts (throughput over time,
 * per-annotator counts) and the reviewers' queue read.
 * <p>
 * In the "tasks" processing group, so it is rebuilt together with the task read model. Idempotency: a submission
 * is inserted once by its annotation id; a review sets the row to the decision, which a redelivery sets again to the
 * same value (an annotation is reviewed at most once, the aggregate refuses a second review).
 */
@Component
@ProcessingGroup("tasks")
class ActivityProjection {

    static final int MAX_BUCKETS = 2_000;
    static final int MAX_PAGE_SIZE = 500;

    private final JdbcClient jdbc;

    ActivityProjection(JdbcTemplate jdbcTemplate) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
    }

    @EventHandler
    void on(AnnotationSubmittedEvent event) {
        jdbc.sql("""
                        INSERT INTO rm_annotation_activity
                            (annotation_id, task_id, project_id, annotator_id, submitted_at, review_status)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (annotation_id) DO NOTHING
                        """)
                .params(event.annotationId().value(), event.taskId().value(), event.projectId().value(),
                        event.annotatorId().value(), utc(event.submittedAt()),
                        event.reviewRequired() ? "PENDING" : "NOT_REQUIRED")
                .update();
    }

    @EventHandler
    void on(AnnotationReviewedEvent event) {
        jdbc.sql("""
                        UPDATE rm_annotation_activity SET review_status = ?, reviewer_id = ?, reviewed_at = ?
                        WHERE annotation_id = ?
                        """)
                .params(switch (event.decision()) {
                            case ACCEPT -> "ACCEPTED";
                            case REJECT -> "REJECTED";
                        }, event.reviewerId().value(), utc(event.reviewedAt()), event.annotationId().value())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE rm_annotation_activity").update();
    }

    @QueryHandler
    ProjectActivity handle(ProjectActivityQuery query) {
        long bucketSeconds = query.bucket().toSeconds();
        if (bucketSeconds < 60 || !query.since().isBefore(query.until())
                || Duration.between(query.since(), query.until()).toSeconds() / bucketSeconds > MAX_BUCKETS) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "invalid activity window",
                    List.of(new Violation("bucket", "at least a minute, at most " + MAX_BUCKETS
                            + " buckets between since and until")));
        }
        long first = Math.floorDiv(query.since().getEpochSecond(), bucketSeconds);
        long last = Math.floorDiv(query.until().minusNanos(1).getEpochSecond(), bucketSeconds);
        long[][] counts = new long[(int) (last - first + 1)][2];
        // Submissions and reviews are bucketed separately: a review belongs to the moment it was made.
        countPerBucket("submitted_at", query, bucketSeconds, (bucket, n) -> counts[(int) (bucket - first)][0] = n);
        countPerBucket("reviewed_at", query, bucketSeconds, (bucket, n) -> counts[(int) (bucket - first)][1] = n);
        List<ProjectActivity.Bucket> buckets = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            buckets.add(new ProjectActivity.Bucket(Instant.ofEpochSecond((first + i) * bucketSeconds),
                    counts[i][0], counts[i][1]));
        }
        List<ProjectActivity.AnnotatorCounts> annotators = jdbc.sql("""
                        SELECT annotator_id, count(*) AS submitted,
                               count(*) FILTER (WHERE review_status = 'ACCEPTED') AS accepted,
                               count(*) FILTER (WHERE review_status = 'REJECTED') AS rejected,
                               count(*) FILTER (WHERE review_status = 'PENDING') AS pending,
                               count(*) FILTER (WHERE review_status = 'NOT_REQUIRED') AS not_reviewed
                        FROM rm_annotation_activity WHERE project_id = ?
                        GROUP BY annotator_id ORDER BY submitted DESC, annotator_id
                        """)
                .param(query.projectId().value())
                .query((rs, i) -> new ProjectActivity.AnnotatorCounts(
                        new UserId(rs.getObject("annotator_id", UUID.class)), rs.getLong("submitted"),
                        rs.getLong("accepted"), rs.getLong("rejected"), rs.getLong("pending"),
                        rs.getLong("not_reviewed")))
                .list();
        return new ProjectActivity(buckets, annotators);
    }

    @QueryHandler
    TaskPage handle(ReviewQueueQuery query) {
        if (query.page() < 0 || query.size() < 1 || query.size() > MAX_PAGE_SIZE) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "invalid page",
                    List.of(new Violation("size", "1.." + MAX_PAGE_SIZE + ", page >= 0")));
        }
        UUID project = query.projectId().value();
        long total = jdbc.sql("""
                        SELECT count(DISTINCT task_id) FROM rm_annotation_activity
                        WHERE project_id = ? AND review_status = 'PENDING'
                        """)
                .param(project).query(Long.class).single();
        List<TaskSummary> items = jdbc.sql("""
                        SELECT t.task_id, t.batch_id, t.external_id, t.status, t.annotations, t.active_leases,
                               t.updated_at
                        FROM (SELECT task_id, min(submitted_at) AS waiting_since FROM rm_annotation_activity
                              WHERE project_id = ? AND review_status = 'PENDING'
                              GROUP BY task_id) w
                        JOIN rm_task t ON t.task_id = w.task_id
                        ORDER BY w.waiting_since, w.task_id
                        LIMIT ? OFFSET ?
                        """)
                .params(project, query.size(), (long) query.page() * query.size())
                .query((rs, i) -> new TaskSummary(new TaskId(rs.getObject("task_id", UUID.class)),
                        new BatchId(rs.getObject("batch_id", UUID.class)), rs.getString("external_id"),
                        TaskStatus.valueOf(rs.getString("status")), rs.getInt("annotations"),
                        rs.getInt("active_leases"), rs.getTimestamp("updated_at").toInstant()))
                .list();
        return new TaskPage(items, query.page(), query.size(), total);
    }

    /** Rows of the query's project whose {@code column} falls in the window, counted per bucket number. */
    private void countPerBucket(String column, ProjectActivityQuery query, long bucketSeconds, BucketCount sink) {
        // column is one of two constants above, never input
        jdbc.sql("SELECT floor(extract(epoch FROM " + column + ") / :bucket)::bigint AS b, count(*) AS n"
                        + " FROM rm_annotation_activity"
                        + " WHERE project_id = :project AND " + column + " >= :since AND " + column + " < :until"
                        + " GROUP BY b")
                .param("bucket", bucketSeconds).param("project", query.projectId().value())
                .param("since", utc(query.since())).param("until", utc(query.until()))
                .query(rs -> {
                    sink.accept(rs.getLong("b"), rs.getLong("n"));
                });
    }

    @FunctionalInterface
    private interface BucketCount {
        void accept(long bucket, long count);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
