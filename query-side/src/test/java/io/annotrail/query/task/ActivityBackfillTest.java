package io.annotrail.query.task;

import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.UserId;
import io.annotrail.query.PostgresTestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.annotrail.query.task.TaskFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The V3_3 migration fills the annotation activity of installations that had tasks already from the task documents:
 * the backfill statement, run on documents the task projection wrote, gives the rows the activity projection would.
 */
class ActivityBackfillTest extends PostgresTestSupport {

    @Test
    void theBackfillRebuildsActivityFromTheTaskDocuments() throws IOException {
        TaskProjection tasks = new TaskProjection(jdbc, JSON);
        tasks.reset();
        jdbc.update("TRUNCATE rm_annotation_activity");
        TaskFixtures task = TaskFixtures.newTask();
        UserId ann = UserId.random();
        UserId bob = UserId.random();
        AnnotationId first = AnnotationId.random();
        AnnotationId second = AnnotationId.random();
        tasks.on(task.created("t-1", 2), 0, T0);
        tasks.on(task.submitted(first, LeaseId.random(), ann, true, null), 1, T0.plusSeconds(10));
        tasks.on(task.submitted(second, LeaseId.random(), bob, false, null), 2, T0.plusSeconds(20));
        tasks.on(task.reviewed(first, ann, ReviewDecision.REJECT), 3, T0.plusSeconds(30));

        jdbc.update(backfillStatement());

        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT annotation_id, annotator_id, review_status, reviewer_id IS NOT NULL AS reviewed,
                       project_id, task_id
                FROM rm_annotation_activity ORDER BY review_status DESC""");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("annotation_id", first.value()).containsEntry("annotator_id", ann.value())
                .containsEntry("review_status", "REJECTED").containsEntry("reviewed", true)
                .containsEntry("project_id", task.projectId().value()).containsEntry("task_id", task.taskId().value());
        assertThat(rows.get(1)).containsEntry("annotation_id", second.value())
                .containsEntry("review_status", "NOT_REQUIRED").containsEntry("reviewed", false);

        jdbc.update(backfillStatement());
        assertThat(count("rm_annotation_activity")).as("running it again adds nothing").isEqualTo(2);
    }

    /** The INSERT of the migration, as Flyway runs it. */
    private static String backfillStatement() throws IOException {
        try (InputStream in = ActivityBackfillTest.class.getResourceAsStream(
                "/db/migration/query/V3_3__annotation_activity.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return sql.substring(sql.indexOf("INSERT INTO rm_annotation_activity"), sql.lastIndexOf(';'));
        }
    }

}
