package io.annotrail.query.queue;

import io.annotrail.domain.batch.BatchClosedEvent;
import io.annotrail.domain.batch.BatchCreatedEvent;
import io.annotrail.domain.batch.BatchOpenedEvent;
import io.annotrail.domain.batch.BatchPausedEvent;
import io.annotrail.domain.batch.BatchPriorityChangedEvent;
import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.query.PostgresTestSupport;
import io.annotrail.query.task.TaskFixtures;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.annotrail.query.task.TaskFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClaimQueueTest extends PostgresTestSupport {

    private QueueProjection projection;
    private JdbcClaimQueue queue;
    private final ProjectId project = ProjectId.random();
    private final BatchId batch = BatchId.random();
    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();
    private long position;

    @BeforeEach
    void setUp() {
        projection = new QueueProjection(jdbc);
        queue = new JdbcClaimQueue(jdbc);
        projection.reset();
        openBatch(batch, 0);
    }

    private void openBatch(BatchId id, int priority) {
        projection.on(new BatchCreatedEvent(id, project, WorkspaceId.random(), "b", priority), 0);
        projection.on(new BatchOpenedEvent(id, project), 1);
    }

    private TaskFixtures task(BatchId in, int overlap) {
        TaskFixtures task = TaskFixtures.newTask(project, in);
        projection.created(task.created("x" + position, overlap), 0, ++position);
        return task;
    }

    private Optional<TaskId> next(UserId user, TaskId... exclude) {
        return tx.execute(s -> queue.lockNextCandidate(project, user, List.of(exclude)));
    }

    private int freeSlots(TaskFixtures task) {
        return jdbc.queryForObject("SELECT free_slots FROM rm_queue WHERE task_id = ?", Integer.class, task.taskId().value());
    }

    @Test
    void theOldestTaskOfTheHighestPriorityBatchComesFirst() {
        TaskFixtures older = task(batch, 1);
        task(batch, 1);
        BatchId urgent = BatchId.random();
        openBatch(urgent, 10);
        TaskFixtures urgentTask = task(urgent, 1);

        assertThat(next(alice)).contains(urgentTask.taskId());
        assertThat(next(alice, urgentTask.taskId())).contains(older.taskId());
    }

    @Test
    void changingABatchPriorityReordersItsTasks() {
        TaskFixtures first = task(batch, 1);
        BatchId other = BatchId.random();
        openBatch(other, 0);
        TaskFixtures second = task(other, 1);

        projection.on(new BatchPriorityChangedEvent(other, project, 5), 2);

        assertThat(next(alice)).contains(second.taskId());
        assertThat(next(alice, second.taskId())).contains(first.taskId());
    }

    @Test
    void concurrentClaimersWithSkipLockedGetDifferentTasks() throws Exception {
        TaskFixtures one = task(batch, 1);
        TaskFixtures two = task(batch, 1);
        CountDownLatch firstLocked = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);

        CompletableFuture<Optional<TaskId>> first = CompletableFuture.supplyAsync(() -> tx.execute(s -> {
            Optional<TaskId> got = queue.lockNextCandidate(project, alice, List.of());
            firstLocked.countDown();
            await(secondDone);
            return got;
        }));
        firstLocked.await(10, TimeUnit.SECONDS);
        Optional<TaskId> second = next(bob);
        secondDone.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).contains(one.taskId());
        assertThat(second).contains(two.taskId());
    }

    @Test
    void theQueueRefusesToLockOutsideATransaction() {
        assertThatThrownBy(() -> queue.lockNextCandidate(project, alice, List.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aUserIsNotOfferedATaskTheyHoldALeaseOnAnnotatedOrSkipped() {
        TaskFixtures held = task(batch, 3);
        TaskFixtures annotated = task(batch, 3);
        TaskFixtures skipped = task(batch, 3);
        TaskFixtures fresh = task(batch, 3);
        LeaseId l1 = LeaseId.random();
        LeaseId l2 = LeaseId.random();
        LeaseId l3 = LeaseId.random();
        projection.on(held.claimed(l1, alice, false), 1);
        projection.on(annotated.claimed(l2, alice, false), 1);
        projection.on(annotated.submitted(AnnotationId.random(), l2, alice, false, null), 2);
        projection.on(skipped.claimed(l3, alice, false), 1);
        projection.on(skipped.skipped(l3, alice), 2);

        assertThat(next(alice)).contains(fresh.taskId());
        assertThat(next(bob)).contains(held.taskId());
    }

    @Test
    void tasksOfAPausedOrDraftBatchAreNotOffered() {
        task(batch, 1);
        BatchId draft = BatchId.random();
        projection.on(new BatchCreatedEvent(draft, project, WorkspaceId.random(), "draft", 100), 0);
        task(draft, 1);

        projection.on(new BatchPausedEvent(batch, project), 2);

        assertThat(next(alice)).isEmpty();
    }

    @Test
    void reopeningAPausedBatchOffersItsTasksAgain() {
        TaskFixtures task = task(batch, 1);
        projection.on(new BatchPausedEvent(batch, project), 2);

        projection.on(new BatchOpenedEvent(batch, project), 3);

        assertThat(next(alice)).contains(task.taskId());
    }

    @Test
    void aTaskHandledBeforeItsBatchTakesTheBatchStateWhenTheBatchEventsArrive() {
        BatchId late = BatchId.random();
        TaskFixtures task = task(late, 1);
        assertThat(next(alice)).isEmpty();

        projection.on(new BatchCreatedEvent(late, project, WorkspaceId.random(), "late", 0), 0);
        projection.on(new BatchOpenedEvent(late, project), 1);

        assertThat(next(alice)).contains(task.taskId());
    }

    @Test
    void closingABatchRemovesItsTasksAndLaterTasksOfItAreNotQueued() {
        task(batch, 1);
        projection.on(new BatchClosedEvent(batch, project), 2);
        task(batch, 1);

        assertThat(count("rm_queue")).isZero();
        assertThat(next(alice)).isEmpty();
    }

    @Test
    void aFullTaskIsNotOfferedUntilALeaseIsReleasedOrExpires() {
        TaskFixtures task = task(batch, 2);
        LeaseId a = LeaseId.random();
        LeaseId b = LeaseId.random();
        UserId carol = UserId.random();
        projection.on(task.claimed(a, alice, false), 1);
        projection.on(task.claimed(b, bob, false), 2);
        assertThat(freeSlots(task)).isZero();
        assertThat(next(carol)).isEmpty();

        projection.on(task.released(a, alice), 3);
        assertThat(freeSlots(task)).isEqualTo(1);
        assertThat(next(alice)).as("a released lease lets its holder claim again").contains(task.taskId());

        projection.on(task.expired(b, bob), 4);
        assertThat(freeSlots(task)).isEqualTo(2);
        assertThat(next(bob)).contains(task.taskId());
    }

    @Test
    void aSubmittedAnnotationKeepsItsSlot() {
        TaskFixtures task = task(batch, 2);
        LeaseId lease = LeaseId.random();
        projection.on(task.claimed(lease, alice, false), 1);

        projection.on(task.submitted(AnnotationId.random(), lease, alice, true, null), 2);

        assertThat(freeSlots(task)).isEqualTo(1);
    }

    @Test
    void aRejectedAnnotationReservesItsSlotForItsAnnotatorWhoGetsItFirst() {
        TaskFixtures other = task(batch, 1);
        TaskFixtures task = task(batch, 1);
        LeaseId lease = LeaseId.random();
        AnnotationId annotation = AnnotationId.random();
        projection.on(task.claimed(lease, alice, false), 1);
        projection.on(task.submitted(annotation, lease, alice, true, null), 2);
        projection.on(task.reviewed(annotation, alice, ReviewDecision.REJECT), 3);

        assertThat(freeSlots(task)).as("the reservation still occupies the slot").isZero();
        assertThat(next(alice)).as("rework before older work").contains(task.taskId());
        assertThat(next(bob)).contains(other.taskId());
        assertThat(next(bob, other.taskId())).isEmpty();
    }

    @Test
    void reworkIsNotOfferedWhileTheReworkLeaseIsHeldAndEndsWithTheSubmission() {
        TaskFixtures task = task(batch, 1);
        LeaseId lease = LeaseId.random();
        LeaseId rework = LeaseId.random();
        AnnotationId first = AnnotationId.random();
        projection.on(task.claimed(lease, alice, false), 1);
        projection.on(task.submitted(first, lease, alice, true, null), 2);
        projection.on(task.reviewed(first, alice, ReviewDecision.REJECT), 3);

        projection.on(task.claimed(rework, alice, true), 4);
        assertThat(next(alice)).isEmpty();
        assertThat(freeSlots(task)).isZero();

        projection.on(task.released(rework, alice), 5);
        assertThat(next(alice)).as("released rework is still owed").contains(task.taskId());

        LeaseId again = LeaseId.random();
        projection.on(task.claimed(again, alice, true), 6);
        projection.on(task.submitted(AnnotationId.random(), again, alice, true, first), 7);
        assertThat(count("rm_queue_rework")).isZero();
        assertThat(freeSlots(task)).isZero();
        assertThat(next(alice)).isEmpty();
    }

    @Test
    void skippingAReworkLeaseGivesTheSlotBackToOthers() {
        TaskFixtures task = task(batch, 1);
        LeaseId lease = LeaseId.random();
        LeaseId rework = LeaseId.random();
        AnnotationId first = AnnotationId.random();
        projection.on(task.claimed(lease, alice, false), 1);
        projection.on(task.submitted(first, lease, alice, true, null), 2);
        projection.on(task.reviewed(first, alice, ReviewDecision.REJECT), 3);
        projection.on(task.claimed(rework, alice, true), 4);

        projection.on(task.skipped(rework, alice), 5);

        assertThat(freeSlots(task)).isEqualTo(1);
        assertThat(next(alice)).isEmpty();
        assertThat(next(bob)).contains(task.taskId());
    }

    @Test
    void aCompletedTaskLeavesTheQueueWithItsParticipants() {
        TaskFixtures task = task(batch, 1);
        LeaseId lease = LeaseId.random();
        projection.on(task.claimed(lease, alice, false), 1);
        projection.on(task.submitted(AnnotationId.random(), lease, alice, false, null), 2);

        projection.on(task.status(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED), 3);

        assertThat(count("rm_queue")).isZero();
        assertThat(count("rm_queue_participant")).isZero();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        TaskFixtures task = task(batch, 2);
        LeaseId a = LeaseId.random();
        LeaseId b = LeaseId.random();
        projection.on(task.claimed(a, alice, false), 1);
        projection.on(task.claimed(b, bob, false), 2);
        projection.on(task.released(a, alice), 3);

        projection.on(task.claimed(a, alice, false), 1);
        projection.on(task.released(a, alice), 3);
        projection.on(task.claimed(b, bob, false), 2);
        projection.created(task.created("again", 2), 0, 99);
        projection.on(new BatchOpenedEvent(batch, project), 1);

        assertThat(freeSlots(task)).isEqualTo(1);
        assertThat(count("rm_queue_participant")).isEqualTo(1);
        assertThat(next(alice)).contains(task.taskId());
    }

    @Test
    void theHandOutPositionIsTheGlobalPositionOfTheTrackedEvent() {
        TaskFixtures task = TaskFixtures.newTask(project, batch);
        var domain = new GenericDomainEventMessage<>("Task", task.taskId().toString(), 0, task.created("x", 1));
        var tracked = new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(42), domain);

        projection.on(task.created("x", 1), 0, T0, tracked);

        assertThat(jdbc.queryForObject("SELECT position FROM rm_queue WHERE task_id = ?", Long.class,
                task.taskId().value())).isEqualTo(42L);
    }

    @Test
    void theResetHandlerEmptiesEveryQueueTable() {
        TaskFixtures task = task(batch, 1);
        projection.on(task.claimed(LeaseId.random(), alice, false), 1);

        projection.reset();

        assertThat(count("rm_queue") + count("rm_queue_batch") + count("rm_queue_participant")
                + count("rm_queue_rework")).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReservedSlotGoesToItsAssigneeFirstAndToNobodyElse() {
        TaskFixtures open = task(batch, 1);
        TaskFixtures reserved = task(batch, 1);
        projection.on(new io.annotrail.domain.task.TaskSlotReservedEvent(reserved.taskId(), project, batch, bob,
                io.annotrail.domain.job.JobId.random(), T0), 1);

        assertThat(freeSlots(reserved)).isZero();
        assertThat(next(bob)).contains(reserved.taskId());
        assertThat(next(alice)).contains(open.taskId());
        assertThat(next(alice, open.taskId())).isEmpty();
    }

    @Test
    void theAssigneesClaimConsumesTheReservationAndARedeliveryChangesNothing() {
        TaskFixtures reserved = task(batch, 2);
        var reservation = new io.annotrail.domain.task.TaskSlotReservedEvent(reserved.taskId(), project, batch, bob,
                io.annotrail.domain.job.JobId.random(), T0);
        projection.on(reservation, 1);
        projection.on(reservation, 1);
        assertThat(freeSlots(reserved)).isEqualTo(1);

        projection.on(reserved.claimed(LeaseId.random(), bob, false), 2);

        assertThat(freeSlots(reserved)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_queue_reserved", Integer.class)).isZero();
        assertThat(next(bob)).isEmpty();
        assertThat(next(alice)).contains(reserved.taskId());
    }
}
