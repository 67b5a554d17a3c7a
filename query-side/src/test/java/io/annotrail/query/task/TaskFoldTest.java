package io.annotrail.query.task;

import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.LeaseRenewedEvent;
import io.annotrail.domain.task.SuggestionFailedEvent;
import io.annotrail.domain.task.SuggestionRecordedEvent;
import io.annotrail.domain.job.JobId;
import tools.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import io.annotrail.domain.task.TaskView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static io.annotrail.query.task.TaskFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class TaskFoldTest {

    private final TaskFixtures task = TaskFixtures.newTask();
    private final UserId ann = UserId.random();
    private final LeaseId lease = LeaseId.random();

    private TaskView createdView() {
        return TaskFold.apply(null, task.created("ext-1", 2), 0, T0);
    }

    @Test
    void creationGivesAnOpenTaskWithTheImportedDataAndVersionZero() {
        TaskView view = createdView();

        assertThat(view.status()).isEqualTo(TaskStatus.OPEN);
        assertThat(view.externalId()).isEqualTo("ext-1");
        assertThat(view.overlap()).isEqualTo(2);
        assertThat(view.data().get("text").asString()).isEqualTo("hello ext-1");
        assertThat(view.leases()).isEmpty();
        assertThat(view.version()).isZero();
        assertThat(view.createdAt()).isEqualTo(T0).isEqualTo(view.updatedAt());
    }

    @Test
    void eventsBeforeCreationLeaveNoState() {
        assertThat(TaskFold.apply(null, task.claimed(lease, ann, false), 3, T0)).isNull();
    }

    @Test
    void aSecondCreationIsIgnored() {
        TaskView view = createdView();

        assertThat(TaskFold.apply(view, task.created("other", 5), 7, T0.plusSeconds(1))).isEqualTo(view);
    }

    @Test
    void unrelatedEventsChangeNothingNotEvenTheVersion() {
        TaskView view = createdView();

        assertThat(TaskFold.apply(view, "not a task event", 9, T0.plusSeconds(1))).isEqualTo(view);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "OPEN, IN_PROGRESS",
            "IN_PROGRESS, OPEN",
            "IN_PROGRESS, SUBMITTED",
            "SUBMITTED, IN_PROGRESS",
            "IN_PROGRESS, IN_REVIEW",
            "IN_PROGRESS, COMPLETED",
            "SUBMITTED, IN_REVIEW",
            "SUBMITTED, COMPLETED",
            "IN_REVIEW, IN_PROGRESS",
            "IN_REVIEW, COMPLETED",
            "IN_REVIEW, SUBMITTED"
    })
    void everyStatusTransitionIsCopiedFromTheStatusChangedEvent(TaskStatus from, TaskStatus to) {
        TaskView before = TaskFold.apply(createdView(), task.status(TaskStatus.OPEN, from), 1, T0.plusSeconds(1));
        Instant at = T0.plusSeconds(2);

        TaskView after = TaskFold.apply(before, task.status(from, to), 2, at);

        assertThat(after.status()).isEqualTo(to);
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.updatedAt()).isEqualTo(at);
        assertThat(after.createdAt()).isEqualTo(T0);
    }

    @Test
    void aClaimAddsALiveLease() {
        TaskView view = TaskFold.apply(createdView(), task.claimed(lease, ann, false), 1, T0.plusSeconds(1));

        assertThat(view.leases()).singleElement().satisfies(l -> {
            assertThat(l.leaseId()).isEqualTo(lease);
            assertThat(l.annotatorId()).isEqualTo(ann);
            assertThat(l.rework()).isFalse();
        });
        assertThat(view.version()).isEqualTo(1);
    }

    @Test
    void aRenewalMovesOnlyTheExpiryOfThatLease() {
        TaskView claimed = TaskFold.apply(createdView(), task.claimed(lease, ann, false), 1, T0);
        Instant later = T0.plusSeconds(1200);

        TaskView renewed = TaskFold.apply(claimed,
                new LeaseRenewedEvent(task.taskId(), task.projectId(), lease, ann, later), 2, T0.plusSeconds(5));

        assertThat(renewed.leases()).singleElement().satisfies(l -> {
            assertThat(l.expiresAt()).isEqualTo(later);
            assertThat(l.claimedAt()).isEqualTo(T0);
        });
    }

    @Test
    void releaseExpiryAndSkipEachEndTheLease() {
        TaskView claimed = TaskFold.apply(createdView(), task.claimed(lease, ann, false), 1, T0);

        assertThat(TaskFold.apply(claimed, task.released(lease, ann), 2, T0).leases()).isEmpty();
        assertThat(TaskFold.apply(claimed, task.expired(lease, ann), 2, T0).leases()).isEmpty();
        assertThat(TaskFold.apply(claimed, task.skipped(lease, ann), 2, T0).leases()).isEmpty();
    }

    @Test
    void aSubmissionEndsTheLeaseAndAddsAPendingAnnotationWhenReviewIsRequired() {
        AnnotationId a = AnnotationId.random();
        TaskView claimed = TaskFold.apply(createdView(), task.claimed(lease, ann, false), 1, T0);

        TaskView view = TaskFold.apply(claimed, task.submitted(a, lease, ann, true, null), 2, T0);

        assertThat(view.leases()).isEmpty();
        assertThat(view.annotations()).singleElement().satisfies(an -> {
            assertThat(an.annotationId()).isEqualTo(a);
            assertThat(an.reviewStatus()).isEqualTo(TaskFold.PENDING);
            assertThat(an.response().get("label").asString()).isEqualTo("cat");
        });
        assertThat(TaskFold.liveAnnotations(view)).isEqualTo(1);
    }

    @Test
    void aSubmissionWithoutReviewIsNotRequiredToBeReviewed() {
        AnnotationId a = AnnotationId.random();

        TaskView view = TaskFold.apply(createdView(), task.submitted(a, lease, ann, false, null), 1, T0);

        assertThat(view.annotations().getFirst().reviewStatus()).isEqualTo(TaskFold.NOT_REQUIRED);
    }

    @Test
    void reviewsMarkTheAnnotationAndAreListed() {
        AnnotationId a = AnnotationId.random();
        TaskView submitted = TaskFold.apply(createdView(), task.submitted(a, lease, ann, true, null), 1, T0);

        TaskView accepted = TaskFold.apply(submitted, task.reviewed(a, ann, ReviewDecision.ACCEPT), 2, T0);
        TaskView rejected = TaskFold.apply(submitted, task.reviewed(a, ann, ReviewDecision.REJECT), 2, T0);

        assertThat(accepted.annotations().getFirst().reviewStatus()).isEqualTo(TaskFold.ACCEPTED);
        assertThat(accepted.reviews()).singleElement().satisfies(r -> assertThat(r.decision()).isEqualTo(ReviewDecision.ACCEPT));
        assertThat(rejected.annotations().getFirst().reviewStatus()).isEqualTo(TaskFold.REJECTED);
        assertThat(rejected.reviews().getFirst().comment()).isEqualTo("wrong label");
        assertThat(TaskFold.liveAnnotations(rejected)).isZero();
    }

    @Test
    void reworkAfterARejectionKeepsBothAnnotationsAndLinksThem() {
        AnnotationId first = AnnotationId.random();
        AnnotationId second = AnnotationId.random();
        LeaseId reworkLease = LeaseId.random();
        TaskView view = TaskFold.applyAll(createdView(), java.util.List.of(
                new TaskFold.Folded(task.submitted(first, lease, ann, true, null), 1, T0),
                new TaskFold.Folded(task.reviewed(first, ann, ReviewDecision.REJECT), 2, T0),
                new TaskFold.Folded(task.claimed(reworkLease, ann, true), 3, T0),
                new TaskFold.Folded(task.submitted(second, reworkLease, ann, true, first), 4, T0)));

        assertThat(view.annotations()).hasSize(2);
        assertThat(view.annotations().get(1).reworkOf()).isEqualTo(first);
        assertThat(TaskFold.liveAnnotations(view)).isEqualTo(1);
        assertThat(view.leases()).isEmpty();
        assertThat(view.version()).isEqualTo(4);
    }

    @Test
    void theFoldedViewSurvivesTheStoredDocumentRoundTrip() {
        AnnotationId a = AnnotationId.random();
        TaskView view = TaskFold.applyAll(createdView(), java.util.List.of(
                new TaskFold.Folded(task.claimed(lease, ann, false), 1, T0),
                new TaskFold.Folded(task.submitted(a, lease, ann, true, null), 2, T0),
                new TaskFold.Folded(task.reviewed(a, ann, ReviewDecision.ACCEPT), 3, T0)));
        var json = tools.jackson.databind.json.JsonMapper.builder().build();

        assertThat(TaskProjection.readDocument(json, json.writeValueAsString(view))).isEqualTo(view);
    }

    private SuggestionRecordedEvent suggestionRecorded(JobId job, String label) {
        return new SuggestionRecordedEvent(task.taskId(), task.projectId(), job,
                JsonNodeFactory.instance.objectNode().put("label", label), "gpt-test", "default-labeller", "ab12",
                JsonNodeFactory.instance.objectNode().put("temperature", 0.0), "req-1", 120, 8, 350, "stop", 1,
                T0.plusSeconds(5));
    }

    @Test
    void aRecordedSuggestionIsShownWithItsProvenance() {
        JobId job = JobId.random();
        TaskView view = TaskFold.apply(createdView(), suggestionRecorded(job, "cat"), 1, T0.plusSeconds(5));

        assertThat(view.suggestion().get("response").get("label").asString()).isEqualTo("cat");
        assertThat(view.suggestion().get("jobId").asString()).isEqualTo(job.toString());
        assertThat(view.suggestion().get("model").asString()).isEqualTo("gpt-test");
        assertThat(view.suggestion().get("promptHash").asString()).isEqualTo("ab12");
        assertThat(view.suggestion().get("promptTokens").asLong()).isEqualTo(120);
        assertThat(view.suggestion().get("finishReason").asString()).isEqualTo("stop");
        assertThat(view.version()).isEqualTo(1);
    }

    @Test
    void theLatestSuggestionWinsAndAFailedOneIsNeverAttached() {
        TaskView first = TaskFold.apply(createdView(), suggestionRecorded(JobId.random(), "cat"), 1, T0);
        TaskView second = TaskFold.apply(first, suggestionRecorded(JobId.random(), "dog"), 2, T0);
        TaskView afterFailure = TaskFold.apply(second, new SuggestionFailedEvent(task.taskId(), task.projectId(),
                JobId.random(), "not JSON", "gpt-test", "default-labeller", "ab12", "req-2", 0, 0, 10, "stop", T0), 3, T0);

        assertThat(second.suggestion().get("response").get("label").asString()).isEqualTo("dog");
        assertThat(afterFailure.suggestion()).isEqualTo(second.suggestion());
    }

    @Test
    void anAnnotationKeepsWhetherItStartedFromASuggestionAndWhatChanged() {
        AnnotationSubmittedEvent submitted = task.submitted(AnnotationId.random(), lease, ann, false, null);
        AnnotationSubmittedEvent fromSuggestion = new AnnotationSubmittedEvent(submitted.taskId(),
                submitted.projectId(), submitted.annotationId(), submitted.leaseId(), submitted.submissionId(),
                submitted.annotatorId(), submitted.response(), 1, submitted.submittedAt(), 1000, false, null, true,
                List.of("/label"));
        TaskView view = TaskFold.apply(TaskFold.apply(createdView(), task.claimed(lease, ann, false), 1, T0),
                fromSuggestion, 2, T0);

        assertThat(view.annotations().getFirst().fromSuggestion()).isTrue();
        assertThat(view.annotations().getFirst().changedFields()).containsExactly("/label");
    }
}
