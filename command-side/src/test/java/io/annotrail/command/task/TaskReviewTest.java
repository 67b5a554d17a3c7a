package io.annotrail.command.task;

import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.task.AnnotationReviewedEvent;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.annotrail.command.support.DomainErrors.domainError;

class TaskReviewTest extends TaskTestSupport {

    private TestExecutor<Task> givenAnnaSubmitted(ReviewPolicy policy) {
        return givenTask(1, policy).andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT));
    }

    @Test
    void acceptingTheOnlyAnnotationCompletesTheTaskUnderPolicyAll() {
        TestExecutor<Task> given = givenAnnaSubmitted(ReviewPolicy.ALL);
        offset = Duration.ofMinutes(5);
        given.when(review(REVIEWER, A1, ReviewDecision.ACCEPT, null))
                .expectEvents(new AnnotationReviewedEvent(TASK, PROJECT, A1, ANNA, REVIEWER, ReviewDecision.ACCEPT, null,
                                T0.plus(Duration.ofMinutes(5))),
                        status(TaskStatus.IN_REVIEW, TaskStatus.COMPLETED));
    }

    @Test
    void rejectingReopensTheSlotForTheSameAnnotator() {
        givenAnnaSubmitted(ReviewPolicy.ALL)
                .when(review(REVIEWER, A1, ReviewDecision.REJECT, " it is a dog "))
                .expectEvents(new AnnotationReviewedEvent(TASK, PROJECT, A1, ANNA, REVIEWER, ReviewDecision.REJECT,
                                "it is a dog", T0),
                        status(TaskStatus.IN_REVIEW, TaskStatus.IN_PROGRESS));
    }

    @Test
    void rejectingWithoutACommentIsRejected() {
        givenAnnaSubmitted(ReviewPolicy.ALL)
                .when(review(REVIEWER, A1, ReviewDecision.REJECT, "  "))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "comment"));
    }

    @Test
    void reviewingYourOwnAnnotationIsRejected() {
        givenTask(1, ReviewPolicy.ALL).andGivenCommands(claim(MANAGER, L1), submit(MANAGER, L1, "s-1", A1, CAT))
                .when(review(MANAGER, A1, ReviewDecision.ACCEPT, null))
                .expectException(domainError(ErrorCode.SELF_REVIEW));
    }

    @Test
    void anAnnotationThatNeedsNoReviewCannotBeReviewed() {
        givenAnnaSubmitted(ReviewPolicy.NONE)
                .when(review(REVIEWER, A1, ReviewDecision.ACCEPT, null))
                .expectException(domainError(ErrorCode.REVIEW_NOT_REQUIRED));
    }

    @Test
    void anAnnotationIsReviewedOnlyOnce() {
        givenAnnaSubmitted(ReviewPolicy.ALL)
                .andGivenCommands(review(REVIEWER, A1, ReviewDecision.ACCEPT, null))
                .when(review(MANAGER, A1, ReviewDecision.REJECT, "changed my mind"))
                .expectException(domainError(ErrorCode.ALREADY_REVIEWED));
    }

    @Test
    void reviewingNeedsAReviewingRole() {
        givenAnnaSubmitted(ReviewPolicy.ALL)
                .when(review(BEN, A1, ReviewDecision.ACCEPT, null))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }

    @Test
    void reviewingAnUnknownAnnotationIsRejected() {
        givenAnnaSubmitted(ReviewPolicy.ALL)
                .when(review(REVIEWER, AnnotationId.random(), ReviewDecision.ACCEPT, null))
                .expectException(domainError(ErrorCode.ANNOTATION_NOT_FOUND));
    }

    @Test
    void whenEverySlotIsSubmittedAndAReviewIsPendingTheTaskIsInReview() {
        givenTask(2, ReviewPolicy.ALL)
                .andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT), claim(BEN, L2))
                .when(submit(BEN, L2, "s-2", A2, CAT))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.hamcrest.Matchers.instanceOf(io.annotrail.domain.task.AnnotationSubmittedEvent.class),
                                org.hamcrest.Matchers.equalTo(status(TaskStatus.IN_PROGRESS, TaskStatus.IN_REVIEW)),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }
}
