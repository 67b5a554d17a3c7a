package io.annotrail.command.task;

import org.hamcrest.TypeSafeMatcher;
import org.hamcrest.Description;
import org.axonframework.eventhandling.EventMessage;
import java.util.Map;
import java.util.List;
import java.util.ArrayList;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.task.LeaseExpiredEvent;
import io.annotrail.domain.task.LeaseGranted;
import io.annotrail.domain.task.SkipTaskCommand;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static io.annotrail.command.support.DomainErrors.domainError;

class TaskClaimTest extends TaskTestSupport {

    @Test
    void claimingAnOpenTaskGrantsALeaseAndSchedulesItsExpiry() {
        givenTask(1, ReviewPolicy.NONE)
                .when(claim(ANNA, L1))
                .expectEvents(claimed(ANNA, L1, T0, false), status(TaskStatus.OPEN, TaskStatus.IN_PROGRESS))
                .expectResultMessagePayload(new LeaseGranted(TASK, L1, T0.plusSeconds(LEASE_SECONDS), 1))
                .expectScheduledDeadline(Duration.ofSeconds(LEASE_SECONDS), new LeaseExpiryDue(TASK, L1));
    }

    @Test
    void theLeaseIsPinnedToTheProjectsCurrentSchemaVersion() {
        directory.project(new io.annotrail.command.directory.Directory.ProjectEntry(PROJECT, WS, 1, LEASE_SECONDS, ReviewPolicy.NONE, 4));
        givenTask(1, ReviewPolicy.NONE)
                .when(claim(ANNA, L1))
                .expectResultMessagePayload(new LeaseGranted(TASK, L1, T0.plusSeconds(LEASE_SECONDS), 4));
    }

    @Test
    void claimingATaskOfAPausedBatchIsRejected() {
        directory.batchStatus(BATCH, BatchStatus.PAUSED);
        givenTask(1, ReviewPolicy.NONE)
                .when(claim(ANNA, L1))
                .expectException(domainError(ErrorCode.BATCH_NOT_OPEN))
                .expectNoEvents();
    }

    @Test
    void claimingATaskOfADraftBatchIsRejected() {
        directory.batchStatus(BATCH, BatchStatus.DRAFT);
        givenTask(1, ReviewPolicy.NONE)
                .when(claim(ANNA, L1))
                .expectException(domainError(ErrorCode.BATCH_NOT_OPEN));
    }

    @Test
    void claimingAFullTaskIsRejected() {
        givenTask(1, ReviewPolicy.NONE)
                .andGivenCommands(claim(BEN, L1))
                .when(claim(ANNA, L2))
                .expectException(domainError(ErrorCode.TASK_FULL))
                .expectNoEvents();
    }

    @Test
    void aSecondAnnotatorGetsTheSecondSlot() {
        givenTask(2, ReviewPolicy.NONE)
                .andGivenCommands(claim(BEN, L1))
                .when(claim(ANNA, L2))
                .expectEvents(claimed(ANNA, L2, T0, false));
    }

    @Test
    void claimingATaskYouAlreadyAnnotatedIsRejected() {
        givenTask(2, ReviewPolicy.NONE)
                .andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT))
                .when(claim(ANNA, L2))
                .expectException(domainError(ErrorCode.TASK_ALREADY_PARTICIPATED));
    }

    @Test
    void claimingATaskYouSkippedIsRejected() {
        givenTask(2, ReviewPolicy.NONE)
                .andGivenCommands(claim(ANNA, L1), new SkipTaskCommand(TASK, L1, "unclear image", ANNA))
                .when(claim(ANNA, L2))
                .expectException(domainError(ErrorCode.TASK_ALREADY_PARTICIPATED));
    }

    @Test
    void claimingWhileHoldingALeaseOnTheTaskIsRejected() {
        givenTask(2, ReviewPolicy.NONE)
                .andGivenCommands(claim(ANNA, L1))
                .when(claim(ANNA, L2))
                .expectException(domainError(ErrorCode.ALREADY_HOLDING_LEASE));
    }

    @Test
    void claimingACompletedTaskIsRejected() {
        givenTask(1, ReviewPolicy.NONE)
                .andGivenCommands(claim(BEN, L1), submit(BEN, L1, "s-1", A1, CAT))
                .when(claim(ANNA, L2))
                .expectException(domainError(ErrorCode.TASK_COMPLETED));
    }

    @Test
    void claimingWithARoleThatMayNotAnnotateIsForbidden() {
        givenTask(1, ReviewPolicy.NONE)
                .when(claim(REVIEWER, L1))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }

    @Test
    void aNonMemberIsToldTheTaskDoesNotExist() {
        givenTask(1, ReviewPolicy.NONE)
                .when(claim(UserId.random(), L1))
                .expectException(domainError(ErrorCode.TASK_NOT_FOUND));
    }

    @Test
    void reusingALeaseIdIsRejected() {
        givenTask(2, ReviewPolicy.NONE)
                .andGivenCommands(claim(BEN, L1))
                .when(claim(ANNA, L1))
                .expectException(domainError(ErrorCode.ALREADY_EXISTS));
    }

    @Test
    void anOverdueLeaseWhoseDeadlineHasNotFiredYetIsExpiredByTheNextClaim() {
        offset = Duration.ofSeconds(LEASE_SECONDS + 5);
        givenTask(1, ReviewPolicy.NONE)
                .andGiven(claimed(BEN, L1, T0, false), status(TaskStatus.OPEN, TaskStatus.IN_PROGRESS))
                .when(claim(ANNA, L2))
                .expectEvents(new LeaseExpiredEvent(TASK, PROJECT, L1, BEN, T0.plusSeconds(LEASE_SECONDS)),
                        claimed(ANNA, L2, T0.plusSeconds(LEASE_SECONDS + 5), false));
    }

    @Test
    void anOverdueLeaseExpiredByAClaimIsAttributedToTheSystemNotToTheClaimer() {
        offset = Duration.ofSeconds(LEASE_SECONDS + 5);
        List<EventMessage<?>> published = new ArrayList<>();
        givenTask(1, ReviewPolicy.NONE)
                .andGiven(claimed(BEN, L1, T0, false), status(TaskStatus.OPEN, TaskStatus.IN_PROGRESS))
                .when(claim(ANNA, L2), Map.of("actor", ANNA.toString()))
                .expectEventsMatching(new TypeSafeMatcher<List<EventMessage<?>>>() {
                    @Override
                    protected boolean matchesSafely(List<EventMessage<?>> events) {
                        published.addAll(events);
                        return events.size() == 2;
                    }

                    @Override
                    public void describeTo(Description description) {
                        description.appendText("an expiry and a claim");
                    }
                });
        assertThat(published.getFirst().getPayload()).isInstanceOf(LeaseExpiredEvent.class);
        assertThat(published.getFirst().getMetaData().get("actor")).isEqualTo("system");
        assertThat(published.get(1).getMetaData().get("actor")).isNotEqualTo("system");
    }

    @Test
    void aRejectedAnnotatorMayClaimTheReservedSlotForRework() {
        givenTask(1, ReviewPolicy.ALL)
                .andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT),
                        review(REVIEWER, A1, ReviewDecision.REJECT, "it is a dog"))
                .when(claim(ANNA, L2))
                .expectEvents(claimed(ANNA, L2, T0, true));
    }

    @Test
    void theSlotReopenedByARejectionIsNotOpenToOthers() {
        givenTask(1, ReviewPolicy.ALL)
                .andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT),
                        review(REVIEWER, A1, ReviewDecision.REJECT, "it is a dog"))
                .when(claim(BEN, L2))
                .expectException(domainError(ErrorCode.TASK_FULL));
    }

    @Test
    void whileTheReworkLeaseIsLiveTheSlotStaysTaken() {
        givenTask(1, ReviewPolicy.ALL)
                .andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT),
                        review(REVIEWER, A1, ReviewDecision.REJECT, "it is a dog"), claim(ANNA, L2))
                .when(claim(BEN, L3))
                .expectException(domainError(ErrorCode.TASK_FULL));
    }

    @Test
    void skippingTheReworkGivesTheSlotToOthers() {
        givenTask(1, ReviewPolicy.ALL)
                .andGivenCommands(claim(ANNA, L1), submit(ANNA, L1, "s-1", A1, CAT),
                        review(REVIEWER, A1, ReviewDecision.REJECT, "it is a dog"), claim(ANNA, L2),
                        new SkipTaskCommand(TASK, L2, null, ANNA))
                .when(claim(BEN, L3))
                .expectEvents(claimed(BEN, L3, T0, false), status(TaskStatus.SUBMITTED, TaskStatus.IN_PROGRESS));
    }
}
