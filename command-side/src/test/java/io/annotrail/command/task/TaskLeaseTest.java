package io.annotrail.command.task;

import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.task.LeaseExpiredEvent;
import io.annotrail.domain.task.LeaseReleasedEvent;
import io.annotrail.domain.task.LeaseRenewedEvent;
import io.annotrail.domain.task.ReleaseLeaseCommand;
import io.annotrail.domain.task.RenewLeaseCommand;
import io.annotrail.domain.task.SkipTaskCommand;
import io.annotrail.domain.task.TaskSkippedEvent;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.annotrail.command.support.DomainErrors.domainError;

class TaskLeaseTest extends TaskTestSupport {

    private TestExecutor<Task> givenAnnaHoldsALease() {
        return givenTask(1, ReviewPolicy.NONE).andGivenCommands(claim(ANNA, L1));
    }

    @Test
    void renewingALiveLeaseExtendsItAndReschedulesItsExpiry() {
        TestExecutor<Task> given = givenAnnaHoldsALease();
        offset = Duration.ofSeconds(300);
        given.when(new RenewLeaseCommand(TASK, L1, ANNA))
                .expectEvents(new LeaseRenewedEvent(TASK, PROJECT, L1, ANNA, T0.plusSeconds(300 + LEASE_SECONDS)))
                .expectScheduledDeadline(Duration.ofSeconds(300 + LEASE_SECONDS), new LeaseExpiryDue(TASK, L1));
    }

    @Test
    void renewingSomeoneElsesLeaseIsRejected() {
        givenAnnaHoldsALease()
                .when(new RenewLeaseCommand(TASK, L1, BEN))
                .expectException(domainError(ErrorCode.LEASE_NOT_YOURS));
    }

    @Test
    void renewingAnUnknownLeaseIsRejected() {
        givenAnnaHoldsALease()
                .when(new RenewLeaseCommand(TASK, LeaseId.random(), ANNA))
                .expectException(domainError(ErrorCode.LEASE_NOT_FOUND));
    }

    @Test
    void renewingALeasePastItsExpiryIsRejected() {
        TestExecutor<Task> given = givenAnnaHoldsALease();
        offset = Duration.ofSeconds(LEASE_SECONDS);
        given.when(new RenewLeaseCommand(TASK, L1, ANNA))
                .expectException(domainError(ErrorCode.LEASE_EXPIRED));
    }

    @Test
    void renewingAnExpiredLeaseIsRejected() {
        givenAnnaHoldsALease()
                .andGiven(new LeaseExpiredEvent(TASK, PROJECT, L1, ANNA, T0.plusSeconds(LEASE_SECONDS)))
                .when(new RenewLeaseCommand(TASK, L1, ANNA))
                .expectException(domainError(ErrorCode.LEASE_EXPIRED));
    }

    @Test
    void renewingAReleasedLeaseIsRejectedAsNotLive() {
        givenAnnaHoldsALease()
                .andGivenCommands(new ReleaseLeaseCommand(TASK, L1, ANNA))
                .when(new RenewLeaseCommand(TASK, L1, ANNA))
                .expectException(domainError(ErrorCode.LEASE_NOT_LIVE));
    }

    @Test
    void releasingALeaseFreesTheSlotAndCancelsItsExpiry() {
        givenAnnaHoldsALease()
                .when(new ReleaseLeaseCommand(TASK, L1, ANNA))
                .expectEvents(new LeaseReleasedEvent(TASK, PROJECT, L1, ANNA), status(TaskStatus.IN_PROGRESS, TaskStatus.OPEN))
                .expectNoScheduledDeadlines();
    }

    @Test
    void afterReleasingTheAnnotatorMayClaimAgain() {
        givenAnnaHoldsALease()
                .andGivenCommands(new ReleaseLeaseCommand(TASK, L1, ANNA))
                .when(claim(ANNA, L2))
                .expectEvents(claimed(ANNA, L2, T0, false), status(TaskStatus.OPEN, TaskStatus.IN_PROGRESS));
    }

    @Test
    void releasingSomeoneElsesLeaseIsRejected() {
        givenAnnaHoldsALease()
                .when(new ReleaseLeaseCommand(TASK, L1, BEN))
                .expectException(domainError(ErrorCode.LEASE_NOT_YOURS));
    }

    @Test
    void skippingGivesTheSlotBackAndCancelsTheExpiry() {
        givenAnnaHoldsALease()
                .when(new SkipTaskCommand(TASK, L1, " unreadable ", ANNA))
                .expectEvents(new TaskSkippedEvent(TASK, PROJECT, L1, ANNA, "unreadable"),
                        status(TaskStatus.IN_PROGRESS, TaskStatus.OPEN))
                .expectNoScheduledDeadlines();
    }

    @Test
    void skippingUnderAnEndedLeaseIsRejected() {
        givenAnnaHoldsALease()
                .andGivenCommands(new ReleaseLeaseCommand(TASK, L1, ANNA))
                .when(new SkipTaskCommand(TASK, L1, null, ANNA))
                .expectException(domainError(ErrorCode.LEASE_NOT_LIVE));
    }

    @Test
    void aLeaseThatIsNotRenewedExpiresWhenItsDeadlineFires() {
        givenAnnaHoldsALease()
                .whenTimeElapses(Duration.ofSeconds(LEASE_SECONDS + 1))
                .expectEvents(new LeaseExpiredEvent(TASK, PROJECT, L1, ANNA, T0.plusSeconds(LEASE_SECONDS)),
                        status(TaskStatus.IN_PROGRESS, TaskStatus.OPEN));
    }

    @Test
    void aLeaseIsNotExpiredBeforeItsTime() {
        givenAnnaHoldsALease()
                .whenThenTimeElapses(Duration.ofSeconds(LEASE_SECONDS - 1))
                .expectNoEvents();
    }

    @Test
    void aRenewedLeaseDoesNotExpireAtItsOriginalTime() {
        TestExecutor<Task> given = givenAnnaHoldsALease();
        offset = Duration.ofSeconds(300);
        given.andGivenCommands(new RenewLeaseCommand(TASK, L1, ANNA));
        offset = Duration.ZERO;
        given.whenThenTimeElapses(Duration.ofSeconds(LEASE_SECONDS + 1))
                .expectNoEvents();
    }

    @Test
    void aRenewedLeaseExpiresAtItsNewTime() {
        TestExecutor<Task> given = givenAnnaHoldsALease();
        offset = Duration.ofSeconds(300);
        given.andGivenCommands(new RenewLeaseCommand(TASK, L1, ANNA));
        offset = Duration.ZERO;
        given.whenTimeElapses(Duration.ofSeconds(300 + LEASE_SECONDS))
                .expectEvents(new LeaseExpiredEvent(TASK, PROJECT, L1, ANNA, T0.plusSeconds(300 + LEASE_SECONDS)),
                        status(TaskStatus.IN_PROGRESS, TaskStatus.OPEN));
    }

    @Test
    void anExpiryDeadlineArrivingAfterARenewalIsIgnored() {
        // the renewal is given as an event, so the first deadline was never cancelled: it still fires
        givenAnnaHoldsALease()
                .andGiven(new LeaseRenewedEvent(TASK, PROJECT, L1, ANNA, T0.plusSeconds(2L * LEASE_SECONDS)))
                .whenTimeElapses(Duration.ofSeconds(LEASE_SECONDS + 1))
                .expectNoEvents();
    }

    @Test
    void anExpiryDeadlineForAReleasedLeaseIsIgnored() {
        givenAnnaHoldsALease()
                .andGiven(new LeaseReleasedEvent(TASK, PROJECT, L1, ANNA), status(TaskStatus.IN_PROGRESS, TaskStatus.OPEN))
                .whenTimeElapses(Duration.ofSeconds(LEASE_SECONDS + 1))
                .expectNoEvents();
    }
}
