package io.annotrail.command.task;

import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.task.ReservationOutcome;
import io.annotrail.domain.task.ReserveTaskSlotCommand;
import io.annotrail.domain.task.TaskSlotReservedEvent;
import org.junit.jupiter.api.Test;

import static io.annotrail.command.support.DomainErrors.domainError;

class TaskReservationTest extends TaskTestSupport {

    static final JobId JOB = JobId.random();

    static ReserveTaskSlotCommand reserve(UserId assignee) {
        return new ReserveTaskSlotCommand(TASK, assignee, JOB, MANAGER);
    }

    static TaskSlotReservedEvent reserved(UserId assignee) {
        return new TaskSlotReservedEvent(TASK, PROJECT, BATCH, assignee, JOB, T0);
    }

    @Test
    void reservingAFreeSlotAppliesTheReservation() {
        givenTask(1, ReviewPolicy.NONE)
                .when(reserve(ANNA))
                .expectEvents(reserved(ANNA))
                .expectResultMessagePayload(ReservationOutcome.RESERVED);
    }

    @Test
    void aReservedSlotIsClaimableOnlyByItsAssignee() {
        givenTask(1, ReviewPolicy.NONE)
                .andGivenCommands(reserve(ANNA))
                .when(claim(BEN, L1))
                .expectException(domainError(ErrorCode.TASK_FULL))
                .expectNoEvents();
    }

    @Test
    void theAssigneesClaimConsumesTheReservation() {
        givenTask(1, ReviewPolicy.NONE)
                .andGivenCommands(reserve(ANNA))
                .when(claim(ANNA, L1))
                .expectEvents(claimed(ANNA, L1, T0, false), status(TaskStatus.OPEN, TaskStatus.IN_PROGRESS));
    }

    @Test
    void aConsumedReservationLeavesTheSlotToAnyoneOnceTheLeaseIsReleased() {
        givenTask(1, ReviewPolicy.NONE)
                .andGivenCommands(reserve(ANNA), claim(ANNA, L1),
                        new io.annotrail.domain.task.ReleaseLeaseCommand(TASK, L1, ANNA))
                .when(claim(BEN, L2))
                .expectEvents(claimed(BEN, L2, T0, false), status(TaskStatus.OPEN, TaskStatus.IN_PROGRESS));
    }

    @Test
    void reservingTwiceForTheSameAssigneeIsASkip() {
        givenTask(2, ReviewPolicy.NONE)
                .andGivenCommands(reserve(ANNA))
                .when(reserve(ANNA))
                .expectNoEvents()
                .expectResultMessagePayload(ReservationOutcome.SKIPPED_ALREADY_ASSIGNED);
    }

    @Test
    void reservingForSomeoneWhoHoldsALeaseIsASkip() {
        givenTask(2, ReviewPolicy.NONE)
                .andGivenCommands(claim(ANNA, L1))
                .when(reserve(ANNA))
                .expectNoEvents()
                .expectResultMessagePayload(ReservationOutcome.SKIPPED_ALREADY_ASSIGNED);
    }

    @Test
    void reservingForSomeoneWhoAnnotatedIsASkip() {
        givenTask(2, ReviewPolicy.NONE)
                .andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s1", A1, CAT))
                .when(reserve(ANNA))
                .expectNoEvents()
                .expectResultMessagePayload(ReservationOutcome.SKIPPED_ALREADY_ASSIGNED);
    }

    @Test
    void reservingOnAFullTaskIsASkip() {
        givenTask(1, ReviewPolicy.NONE)
                .andGivenCommands(reserve(ANNA))
                .when(reserve(BEN))
                .expectNoEvents()
                .expectResultMessagePayload(ReservationOutcome.SKIPPED_FULL);
    }

    @Test
    void reservingOnACompletedTaskIsASkip() {
        givenTask(1, ReviewPolicy.NONE)
                .andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s1", A1, CAT))
                .when(reserve(BEN))
                .expectNoEvents()
                .expectResultMessagePayload(ReservationOutcome.SKIPPED_DONE);
    }

    @Test
    void onlyManagersReserve() {
        givenTask(1, ReviewPolicy.NONE)
                .when(new ReserveTaskSlotCommand(TASK, BEN, JOB, ANNA))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }

    @Test
    void reservingForSomeoneWhoMayNotAnnotateIsInvalid() {
        givenTask(1, ReviewPolicy.NONE)
                .when(reserve(ANALYST))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED));
    }
}
