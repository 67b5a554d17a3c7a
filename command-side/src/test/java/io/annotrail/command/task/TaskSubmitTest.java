package io.annotrail.command.task;

import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.SubmitAnnotationCommand;
import io.annotrail.domain.task.LeaseExpiredEvent;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.annotrail.command.support.DomainErrors.domainError;
import static io.annotrail.command.support.Schemas.json;

class TaskSubmitTest extends TaskTestSupport {

    private static AnnotationSubmittedEvent submitted(AnnotationId annotation, String submissionId, long afterSeconds,
                                                      boolean reviewRequired, AnnotationId reworkOf) {
        return new AnnotationSubmittedEvent(TASK, PROJECT, annotation, L1, submissionId, ANNA, CAT, 1,
                T0.plusSeconds(afterSeconds), afterSeconds * 1000, reviewRequired, reworkOf,
                false, List.of());
    }

    @Test
    void submittingAValidResponseRecordsTheAnnotationAndCompletesTheTask() {
        TestExecutor<Task> given = givenTask(1, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1));
        offset = Duration.ofSeconds(120);
        given.when(submit(ANNA, L1, "s-1", A1, CAT))
                .expectEvents(submitted(A1, "s-1", 120, false, null), status(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED))
                .expectResultMessagePayload(A1)
                .expectNoScheduledDeadlines();
    }

    @Test
    void theTimeOnTaskIsHowLongTheClientShowedTheTask() {
        TestExecutor<Task> given = givenTask(1, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1));
        offset = Duration.ofSeconds(120); // claimed in the background two minutes ago, shown for 45 s
        given.when(new SubmitAnnotationCommand(TASK, L1, "s-1", A1, CAT, ANNA, 45_000L))
                .expectEvents(new AnnotationSubmittedEvent(TASK, PROJECT, A1, L1, "s-1", ANNA, CAT, 1,
                                T0.plusSeconds(120), 45_000, false, null, false, List.of()),
                        status(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED));
    }

    @Test
    void aShownTimeLongerThanTheLeaseIsCutToTheLeasesAge() {
        TestExecutor<Task> given = givenTask(1, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1));
        offset = Duration.ofSeconds(120);
        given.when(new SubmitAnnotationCommand(TASK, L1, "s-1", A1, CAT, ANNA, 999_000L))
                .expectEvents(submitted(A1, "s-1", 120, false, null), status(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED));
    }

    @Test
    void submittingOneOfTwoSlotsLeavesTheTaskSubmitted() {
        givenTask(2, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1))
                .when(submit(ANNA, L1, "s-1", A1, CAT))
                .expectEvents(submitted(A1, "s-1", 0, false, null), status(TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED));
    }

    @Test
    void anInvalidResponseIsRejectedWithItsViolations() {
        givenTask(1, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1))
                .when(submit(ANNA, L1, "s-1", A1, json("{\"label\": \"horse\", \"confidence\": 3}")))
                .expectException(domainError(ErrorCode.RESPONSE_INVALID, "/label", "/confidence"))
                .expectNoEvents();
    }

    @Test
    void theResponseIsValidatedAgainstTheSchemaVersionPinnedByTheLease() {
        directory.schema(PROJECT, 2, json("{\"type\": \"object\", \"required\": [\"box\"]}"));
        givenTask(1, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1))
                .when(submit(ANNA, L1, "s-1", A1, CAT))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(A1);
    }

    @Test
    void aRetriedSubmissionAnswersTheFirstAnnotationIdAndAppliesNothing() {
        givenTask(2, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT))
                .when(submit(ANNA, L1, "s-1", A2, json("{ \"label\" : \"cat\" }")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(A1);
    }

    @Test
    void reusingASubmissionIdWithAnotherResponseIsAConflict() {
        givenTask(2, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT))
                .when(submit(ANNA, L1, "s-1", A2, DOG))
                .expectException(domainError(ErrorCode.SUBMISSION_CONFLICT));
    }

    @Test
    void reusingAnotherAnnotatorsSubmissionIdIsAConflict() {
        givenTask(2, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT), claim(BEN, L2))
                .when(submit(BEN, L2, "s-1", A2, CAT))
                .expectException(domainError(ErrorCode.SUBMISSION_CONFLICT));
    }

    @Test
    void submittingUnderAnExpiredLeaseIsRejected() {
        givenTask(1, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1))
                .andGiven(new LeaseExpiredEvent(TASK, PROJECT, L1, ANNA, T0.plusSeconds(LEASE_SECONDS)))
                .when(submit(ANNA, L1, "s-1", A1, CAT))
                .expectException(domainError(ErrorCode.LEASE_EXPIRED));
    }

    @Test
    void submittingAfterTheLeaseTimeIsRejectedEvenBeforeTheDeadlineFires() {
        TestExecutor<Task> given = givenTask(1, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1));
        offset = Duration.ofSeconds(LEASE_SECONDS + 1);
        given.when(submit(ANNA, L1, "s-1", A1, CAT))
                .expectException(domainError(ErrorCode.LEASE_EXPIRED));
    }

    @Test
    void submittingUnderSomeoneElsesLeaseIsRejected() {
        givenTask(2, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1), claim(BEN, L2))
                .when(submit(BEN, L1, "s-1", A1, CAT))
                .expectException(domainError(ErrorCode.LEASE_NOT_YOURS));
    }

    @Test
    void submittingTwiceUnderOneLeaseIsRejectedAsNotLive() {
        givenTask(2, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT))
                .when(submit(ANNA, L1, "s-2", A2, DOG))
                .expectException(domainError(ErrorCode.LEASE_NOT_LIVE));
    }

    @Test
    void aReworkAfterRejectionReplacesTheRejectedAnnotation() {
        givenTask(1, ReviewPolicy.ALL)
                .andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT),
                        review(REVIEWER, A1, ReviewDecision.REJECT, "it is a dog"), claim(ANNA, L2))
                .when(submit(ANNA, L2, "s-2", A2, DOG))
                .expectEvents(new AnnotationSubmittedEvent(TASK, PROJECT, A2, L2, "s-2", ANNA, DOG, 1, T0, 0, true, A1,
                                false, List.of()),
                        status(TaskStatus.IN_PROGRESS, TaskStatus.IN_REVIEW));
    }

    @Test
    void theSamplePolicyDecidesByAnnotationIdAlone() {
        ReviewPolicy policy = ReviewPolicy.sample(0.5);
        AnnotationId sampled = new AnnotationId(new java.util.UUID(0, 0));
        givenTask(1, policy).andGivenCommands(claim(ANNA, L1))
                .when(submit(ANNA, L1, "s-1", sampled, CAT))
                .expectEvents(new AnnotationSubmittedEvent(TASK, PROJECT, sampled, L1, "s-1", ANNA, CAT, 1, T0, 0,
                                policy.requiresReview(sampled), null, false, List.of()),
                        status(TaskStatus.IN_PROGRESS, TaskStatus.IN_REVIEW));
    }

    @Test
    void theSamplePolicySkipsReviewForAnnotationIdsOutsideTheSample() {
        ReviewPolicy policy = ReviewPolicy.sample(0.5);
        AnnotationId unsampled = new AnnotationId(new java.util.UUID(0, -1));
        givenTask(1, policy).andGivenCommands(claim(ANNA, L1))
                .when(submit(ANNA, L1, "s-1", unsampled, CAT))
                .expectEvents(new AnnotationSubmittedEvent(TASK, PROJECT, unsampled, L1, "s-1", ANNA, CAT, 1, T0, 0,
                                false, null, false, List.of()),
                        status(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED));
    }

    @Test
    void submittingWithoutASubmissionIdIsRejected() {
        givenTask(1, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1))
                .when(submit(ANNA, L1, " ", A1, CAT))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "submissionId"));
    }
}
