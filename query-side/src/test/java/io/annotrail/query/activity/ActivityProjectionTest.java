package io.annotrail.query.activity;

import io.annotrail.domain.common.*;
import io.annotrail.domain.project.ProjectActivity;
import io.annotrail.domain.project.ProjectActivityQuery;
import io.annotrail.domain.task.AnnotationReviewedEvent;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.ReviewQueueQuery;
import io.annotrail.domain.task.TaskPage;
import io.annotrail.domain.task.TaskSummary;
import io.annotrail.query.PostgresTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivityProjectionTest extends PostgresTestSupport {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private ActivityProjection projection;
    private final ProjectId project = ProjectId.random();
    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();
    private final UserId reviewer = UserId.random();

    @BeforeEach
    void setUp() {
        projection = new ActivityProjection(jdbc);
        projection.reset();
        jdbc.update("TRUNCATE rm_task");
    }

    @Test
    void throughputIsCountedPerBucketWithEmptyBucketsAsZeroAndReviewsWhenTheyHappen() {
        TaskId task = task("t-1");
        AnnotationId first = submit(task, alice, T0.plusSeconds(60), true);
        submit(task, bob, T0.plusSeconds(2 * 3600 + 5), false);
        review(task, first, alice, ReviewDecision.ACCEPT, T0.plusSeconds(3 * 3600));

        ProjectActivity activity = projection.handle(new ProjectActivityQuery(project, T0, T0.plus(Duration.ofHours(4)), HOUR));

        assertThat(activity.throughput()).extracting(ProjectActivity.Bucket::start)
                .containsExactly(T0, T0.plus(HOUR), T0.plus(HOUR.multipliedBy(2)), T0.plus(HOUR.multipliedBy(3)));
        assertThat(activity.throughput()).extracting(ProjectActivity.Bucket::submitted).containsExactly(1L, 0L, 1L, 0L);
        assertThat(activity.throughput()).extracting(ProjectActivity.Bucket::reviewed).containsExactly(0L, 0L, 0L, 1L);
    }

    @Test
    void annotatorTotalsSplitByReviewOutcomeAndIgnoreOtherProjects() {
        TaskId task = task("t-1");
        AnnotationId a1 = submit(task, alice, T0, true);
        AnnotationId a2 = submit(task("t-2"), alice, T0, true);
        submit(task("t-3"), alice, T0, true);
        submit(task, bob, T0, false);
        review(task, a1, alice, ReviewDecision.ACCEPT, T0.plusSeconds(10));
        review(task, a2, alice, ReviewDecision.REJECT, T0.plusSeconds(10));
        new ActivityProjectionTest.Other().submitElsewhere(alice);

        ProjectActivity activity = projection.handle(new ProjectActivityQuery(project, T0, T0.plus(HOUR), HOUR));

        assertThat(activity.annotators()).containsExactly(
                new ProjectActivity.AnnotatorCounts(alice, 3, 1, 1, 1, 0),
                new ProjectActivity.AnnotatorCounts(bob, 1, 0, 0, 0, 1));
    }

    @Test
    void aRedeliveredSubmissionOrReviewCountsOnce() {
        TaskId task = task("t-1");
        AnnotationSubmittedEvent submitted = submittedEvent(task, AnnotationId.random(), alice, T0, true);
        projection.on(submitted);
        projection.on(submitted);
        AnnotationReviewedEvent reviewed = new AnnotationReviewedEvent(task, project, submitted.annotationId(), alice,
                reviewer, ReviewDecision.ACCEPT, null, T0.plusSeconds(5));
        projection.on(reviewed);
        projection.on(reviewed);

        ProjectActivity activity = projection.handle(new ProjectActivityQuery(project, T0, T0.plus(HOUR), HOUR));
        assertThat(activity.throughput().getFirst().submitted()).isEqualTo(1);
        assertThat(activity.throughput().getFirst().reviewed()).isEqualTo(1);
        assertThat(activity.annotators()).containsExactly(new ProjectActivity.AnnotatorCounts(alice, 1, 1, 0, 0, 0));
    }

    @Test
    void theReviewQueueListsTasksWithPendingAnnotationsLongestWaitingFirst() {
        TaskId later = task("later");
        TaskId earlier = task("earlier");
        TaskId reviewed = task("reviewed");
        TaskId noReview = task("no-review");
        submit(later, alice, T0.plusSeconds(100), true);
        submit(later, bob, T0.plusSeconds(110), true);
        submit(earlier, bob, T0.plusSeconds(50), true);
        AnnotationId done = submit(reviewed, alice, T0, true);
        review(reviewed, done, alice, ReviewDecision.ACCEPT, T0.plusSeconds(1));
        submit(noReview, alice, T0, false);

        TaskPage page = projection.handle(new ReviewQueueQuery(project, 0, 10));

        assertThat(page.total()).isEqualTo(2);
        assertThat(page.items()).extracting(TaskSummary::externalId).containsExactly("earlier", "later");
        assertThat(projection.handle(new ReviewQueueQuery(project, 1, 1)).items()).extracting(TaskSummary::externalId)
                .containsExactly("later");
    }

    @Test
    void aWindowEndingWithinASecondCountsItsLastPartialBucket() {
        submit(task("t-1"), alice, T0.plus(HOUR).plusMillis(200), true);

        ProjectActivity activity = projection.handle(new ProjectActivityQuery(project, T0,
                T0.plus(HOUR).plusMillis(500), Duration.ofMinutes(1)));

        assertThat(activity.throughput()).hasSize(61);
        assertThat(activity.throughput().getLast().submitted()).isEqualTo(1);
    }

    @Test
    void windowsThatAreTooFineOrEmptyAreRefused() {
        assertThatThrownBy(() -> projection.handle(new ProjectActivityQuery(project, T0, T0.plus(HOUR), Duration.ofSeconds(1))))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> projection.handle(new ProjectActivityQuery(project, T0, T0, HOUR)))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> projection.handle(new ProjectActivityQuery(project, T0, T0.plus(Duration.ofDays(365)),
                Duration.ofMinutes(1)))).isInstanceOf(DomainException.class);
    }

    @Test
    void theResetHandlerEmptiesTheTable() {
        submit(task("t"), alice, T0, true);
        projection.reset();
        assertThat(count("rm_annotation_activity")).isZero();
    }

    /** Activity in another project, which must not leak into this one's counts. */
    private class Other {
        void submitElsewhere(UserId annotator) {
            projection.on(new AnnotationSubmittedEvent(TaskId.random(), ProjectId.random(), AnnotationId.random(),
                    LeaseId.random(), "s", annotator, JSON.createObjectNode(), 1, T0, 1, true, null, false, List.of()));
        }
    }

    private TaskId task(String externalId) {
        TaskId id = TaskId.random();
        jdbc.update("""
                        INSERT INTO rm_task (task_id, project_id, workspace_id, batch_id, external_id, status, annotations,
                                             active_leases, doc, last_seq, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'SUBMITTED', 1, 0, '{}'::jsonb, 1, ?, ?)
                        """, id.value(), project.value(), java.util.UUID.randomUUID(), java.util.UUID.randomUUID(),
                externalId, T0.atOffset(ZoneOffset.UTC), T0.atOffset(ZoneOffset.UTC));
        return id;
    }

    private AnnotationId submit(TaskId task, UserId annotator, Instant at, boolean reviewRequired) {
        AnnotationId id = AnnotationId.random();
        projection.on(submittedEvent(task, id, annotator, at, reviewRequired));
        return id;
    }

    private AnnotationSubmittedEvent submittedEvent(TaskId task, AnnotationId id, UserId annotator, Instant at,
                                                    boolean reviewRequired) {
        return new AnnotationSubmittedEvent(task, project, id, LeaseId.random(), "s-" + id, annotator,
                JSON.createObjectNode(), 1, at, 1_000, reviewRequired, null, false, List.of());
    }

    private void review(TaskId task, AnnotationId annotation, UserId annotator, ReviewDecision decision, Instant at) {
        projection.on(new AnnotationReviewedEvent(task, project, annotation, annotator, reviewer, decision, "ok", at));
    }
}
