package io.annotrail.command.task;

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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.annotrail.command.task.TaskEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claimable-slot fold ({@link ClaimableSlots}) and claim-next's candidate query ({@link ClaimNext}) on real
 * PostgreSQL, migrated with this module's migrations.
 */
class ClaimableSlotsTest {

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate tx;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/command").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    private static long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    private ClaimableSlots slots;
    private ClaimNext claimNext;
    private final ProjectId project = ProjectId.random();
    private final BatchId batch = BatchId.random();
    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();
    private int position;

    @BeforeEach
    void setUp() {
        slots = new ClaimableSlots(dataSource);
        claimNext = new ClaimNext(dataSource, new DataSourceTransactionManager(dataSource));
        jdbc.update("TRUNCATE cmd_claimable_user, cmd_claimable_task, cmd_claimable_batch");
        openBatch(batch, 0);
    }

    private void openBatch(BatchId id, int priority) {
        slots.apply(new BatchCreatedEvent(id, project, WorkspaceId.random(), "b", priority), 0);
        slots.apply(new BatchOpenedEvent(id, project), 1);
    }

    private TaskEvents task(BatchId in, int overlap) {
        TaskEvents task = TaskEvents.newTask(project, in);
        slots.apply(task.created("x" + ++position, overlap), 0);
        return task;
    }

    private Optional<TaskId> next(UserId user, TaskId... exclude) {
        var tried = new HashSet<UUID>();
        for (TaskId id : exclude) {
            tried.add(id.value());
        }
        return tx.execute(s -> claimNext.lockCandidate(project, user, tried));
    }

    private int freeSlots(TaskEvents task) {
        return jdbc.queryForObject("SELECT free_slots FROM cmd_claimable_task WHERE task_id = ?", Integer.class,
                task.taskId().value());
    }

    @Test
    void theOldestTaskOfTheHighestPriorityBatchComesFirst() {
        TaskEvents older = task(batch, 1);
        task(batch, 1);
        BatchId urgent = BatchId.random();
        openBatch(urgent, 10);
        TaskEvents urgentTask = task(urgent, 1);

        assertThat(next(alice)).contains(urgentTask.taskId());
        assertThat(next(alice, urgentTask.taskId())).contains(older.taskId());
    }

    @Test
    void changingABatchPriorityReordersItsTasks() {
        TaskEvents first = task(batch, 1);
        BatchId other = BatchId.random();
        openBatch(other, 0);
        TaskEvents second = task(other, 1);

        slots.apply(new BatchPriorityChangedEvent(other, project, 5), 2);

        assertThat(next(alice)).contains(second.taskId());
        assertThat(next(alice, second.taskId())).contains(first.taskId());
    }

    @Test
    void concurrentClaimersGetDifferentTasks() throws Exception {
        TaskEvents one = task(batch, 1);
        TaskEvents two = task(batch, 1);
        CountDownLatch firstLocked = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);

        CompletableFuture<Optional<TaskId>> first = CompletableFuture.supplyAsync(() -> tx.execute(s -> {
            Optional<TaskId> got = claimNext.lockCandidate(project, alice, new HashSet<>());
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
    void aUserIsNotOfferedATaskTheyHoldALeaseOnAnnotatedOrSkipped() {
        TaskEvents held = task(batch, 3);
        TaskEvents annotated = task(batch, 3);
        TaskEvents skipped = task(batch, 3);
        TaskEvents fresh = task(batch, 3);
        LeaseId l1 = LeaseId.random();
        LeaseId l2 = LeaseId.random();
        LeaseId l3 = LeaseId.random();
        slots.apply(held.claimed(l1, alice, false), 1);
        slots.apply(annotated.claimed(l2, alice, false), 1);
        slots.apply(annotated.submitted(AnnotationId.random(), l2, alice, false, null), 2);
        slots.apply(skipped.claimed(l3, alice, false), 1);
        slots.apply(skipped.skipped(l3, alice), 2);

        assertThat(next(alice)).contains(fresh.taskId());
        assertThat(next(bob)).contains(held.taskId());
    }

    @Test
    void tasksOfAPausedOrDraftBatchAreNotOffered() {
        task(batch, 1);
        BatchId draft = BatchId.random();
        slots.apply(new BatchCreatedEvent(draft, project, WorkspaceId.random(), "draft", 100), 0);
        task(draft, 1);

        slots.apply(new BatchPausedEvent(batch, project), 2);

        assertThat(next(alice)).isEmpty();
    }

    @Test
    void reopeningAPausedBatchOffersItsTasksAgain() {
        TaskEvents task = task(batch, 1);
        slots.apply(new BatchPausedEvent(batch, project), 2);

        slots.apply(new BatchOpenedEvent(batch, project), 3);

        assertThat(next(alice)).contains(task.taskId());
    }

    @Test
    void closingABatchRemovesItsTasksAndLaterTasksOfItAreNotQueued() {
        task(batch, 1);
        slots.apply(new BatchClosedEvent(batch, project), 2);
        task(batch, 1);

        assertThat(count("cmd_claimable_task")).isZero();
        assertThat(next(alice)).isEmpty();
    }

    @Test
    void aFullTaskIsNotOfferedUntilALeaseIsReleasedOrExpires() {
        TaskEvents task = task(batch, 2);
        LeaseId a = LeaseId.random();
        LeaseId b = LeaseId.random();
        UserId carol = UserId.random();
        slots.apply(task.claimed(a, alice, false), 1);
        slots.apply(task.claimed(b, bob, false), 2);
        assertThat(freeSlots(task)).isZero();
        assertThat(next(carol)).isEmpty();

        slots.apply(task.released(a, alice), 3);
        assertThat(freeSlots(task)).isEqualTo(1);
        assertThat(next(alice)).as("a released lease lets its holder claim again").contains(task.taskId());

        slots.apply(task.expired(b, bob), 4);
        assertThat(freeSlots(task)).isEqualTo(2);
        assertThat(next(bob)).contains(task.taskId());
    }

    @Test
    void aSubmittedAnnotationKeepsItsSlot() {
        TaskEvents task = task(batch, 2);
        LeaseId lease = LeaseId.random();
        slots.apply(task.claimed(lease, alice, false), 1);

        slots.apply(task.submitted(AnnotationId.random(), lease, alice, true, null), 2);

        assertThat(freeSlots(task)).isEqualTo(1);
    }

    @Test
    void aRejectedAnnotationReservesItsSlotForItsAnnotatorWhoGetsItFirst() {
        TaskEvents other = task(batch, 1);
        TaskEvents task = task(batch, 1);
        LeaseId lease = LeaseId.random();
        AnnotationId annotation = AnnotationId.random();
        slots.apply(task.claimed(lease, alice, false), 1);
        slots.apply(task.submitted(annotation, lease, alice, true, null), 2);
        slots.apply(task.reviewed(annotation, alice, ReviewDecision.REJECT), 3);

        assertThat(freeSlots(task)).as("the reservation still occupies the slot").isZero();
        assertThat(next(alice)).as("rework before older work").contains(task.taskId());
        assertThat(next(bob)).contains(other.taskId());
        assertThat(next(bob, other.taskId())).isEmpty();
    }

    @Test
    void reworkIsNotOfferedWhileTheReworkLeaseIsHeldAndEndsWithTheSubmission() {
        TaskEvents task = task(batch, 1);
        LeaseId lease = LeaseId.random();
        LeaseId rework = LeaseId.random();
        AnnotationId first = AnnotationId.random();
        slots.apply(task.claimed(lease, alice, false), 1);
        slots.apply(task.submitted(first, lease, alice, true, null), 2);
        slots.apply(task.reviewed(first, alice, ReviewDecision.REJECT), 3);

        slots.apply(task.claimed(rework, alice, true), 4);
        assertThat(next(alice)).isEmpty();
        assertThat(freeSlots(task)).isZero();

        slots.apply(task.released(rework, alice), 5);
        assertThat(next(alice)).as("released rework is still owed").contains(task.taskId());

        LeaseId again = LeaseId.random();
        slots.apply(task.claimed(again, alice, true), 6);
        slots.apply(task.submitted(AnnotationId.random(), again, alice, true, first), 7);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cmd_claimable_user WHERE rework_owed", Long.class)).isZero();
        assertThat(freeSlots(task)).isZero();
        assertThat(next(alice)).isEmpty();
    }

    @Test
    void skippingAReworkLeaseGivesTheSlotBackToOthers() {
        TaskEvents task = task(batch, 1);
        LeaseId lease = LeaseId.random();
        LeaseId rework = LeaseId.random();
        AnnotationId first = AnnotationId.random();
        slots.apply(task.claimed(lease, alice, false), 1);
        slots.apply(task.submitted(first, lease, alice, true, null), 2);
        slots.apply(task.reviewed(first, alice, ReviewDecision.REJECT), 3);
        slots.apply(task.claimed(rework, alice, true), 4);

        slots.apply(task.skipped(rework, alice), 5);

        assertThat(freeSlots(task)).isEqualTo(1);
        assertThat(next(alice)).isEmpty();
        assertThat(next(bob)).contains(task.taskId());
    }

    @Test
    void aCompletedTaskLeavesTheTableWithItsUserRows() {
        TaskEvents task = task(batch, 1);
        LeaseId lease = LeaseId.random();
        slots.apply(task.claimed(lease, alice, false), 1);
        slots.apply(task.submitted(AnnotationId.random(), lease, alice, false, null), 2);

        slots.apply(task.status(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED), 3);

        assertThat(count("cmd_claimable_task")).isZero();
        assertThat(count("cmd_claimable_user")).isZero();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        TaskEvents task = task(batch, 2);
        LeaseId a = LeaseId.random();
        LeaseId b = LeaseId.random();
        slots.apply(task.claimed(a, alice, false), 1);
        slots.apply(task.claimed(b, bob, false), 2);
        slots.apply(task.released(a, alice), 3);

        slots.apply(task.claimed(a, alice, false), 1);
        slots.apply(task.released(a, alice), 3);
        slots.apply(task.claimed(b, bob, false), 2);
        slots.apply(task.created("again", 2), 0);
        slots.apply(new BatchOpenedEvent(batch, project), 1);

        assertThat(freeSlots(task)).isEqualTo(1);
        assertThat(count("cmd_claimable_user")).isEqualTo(1);
        assertThat(next(alice)).contains(task.taskId());
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
        TaskEvents open = task(batch, 1);
        TaskEvents reserved = task(batch, 1);
        slots.apply(new io.annotrail.domain.task.TaskSlotReservedEvent(reserved.taskId(), project, batch, bob,
                io.annotrail.domain.job.JobId.random(), T0), 1);

        assertThat(freeSlots(reserved)).isZero();
        assertThat(next(bob)).contains(reserved.taskId());
        assertThat(next(alice)).contains(open.taskId());
        assertThat(next(alice, open.taskId())).isEmpty();
    }

    @Test
    void theAssigneesClaimConsumesTheReservationAndARedeliveryChangesNothing() {
        TaskEvents reserved = task(batch, 2);
        var reservation = new io.annotrail.domain.task.TaskSlotReservedEvent(reserved.taskId(), project, batch, bob,
                io.annotrail.domain.job.JobId.random(), T0);
        slots.apply(reservation, 1);
        slots.apply(reservation, 1);
        assertThat(freeSlots(reserved)).isEqualTo(1);

        slots.apply(reserved.claimed(LeaseId.random(), bob, false), 2);

        assertThat(freeSlots(reserved)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cmd_claimable_user WHERE reserved", Integer.class)).isZero();
        assertThat(next(bob)).isEmpty();
        assertThat(next(alice)).contains(reserved.taskId());
    }
    @Test
    void aTaskOfAClosedBatchGetsNoRow() {
        slots.apply(new BatchClosedEvent(batch, project), 2);

        task(batch, 1);

        assertThat(count("cmd_claimable_task")).isZero();
    }

    @Test
    void tasksAreHandedOutInImportOrder() {
        TaskEvents first = task(batch, 1);
        TaskEvents second = task(batch, 1);

        assertThat(next(alice)).contains(first.taskId());
        assertThat(next(alice, first.taskId())).contains(second.taskId());
    }

    @Test
    void aRedeliveredClaimOfAnEventAlreadyFoldedChangesNothing() {
        TaskEvents task = task(batch, 2);
        LeaseId a = LeaseId.random();
        slots.apply(task.claimed(a, alice, false), 1);
        slots.apply(task.released(a, alice), 2);

        slots.apply(task.claimed(a, alice, false), 1);

        assertThat(freeSlots(task)).isEqualTo(2);
        assertThat(count("cmd_claimable_user")).isZero();
    }
}
