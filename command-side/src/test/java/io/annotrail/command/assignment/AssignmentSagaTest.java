package io.annotrail.command.assignment;

import io.annotrail.command.directory.InMemoryDirectory;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.job.AssignmentJobRequestedEvent;
import io.annotrail.domain.job.AssignmentStrategy;
import io.annotrail.domain.job.CompleteJobCommand;
import io.annotrail.domain.job.ConfirmJobCancelledCommand;
import io.annotrail.domain.job.FailJobCommand;
import io.annotrail.domain.job.JobCancellationRequestedEvent;
import io.annotrail.domain.job.JobCancelledEvent;
import io.annotrail.domain.job.JobCompletedEvent;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.JobProgressedEvent;
import io.annotrail.domain.job.ReportJobProgressCommand;
import io.annotrail.domain.job.TaskFilter;
import io.annotrail.domain.task.ReservationOutcome;
import io.annotrail.domain.task.ReserveTaskSlotCommand;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

class AssignmentSagaTest {

    static final WorkspaceId WS = WorkspaceId.random();
    static final ProjectId PROJECT = ProjectId.random();
    static final JobId JOB = JobId.random();
    static final UserId MANAGER = UserId.random();
    static final UserId ANNA = UserId.random();
    static final UserId BEN = UserId.random();

    SagaTestFixture<AssignmentSaga> fixture;
    FakeCandidates candidates;
    InMemoryDirectory directory;
    Map<TaskId, ReservationOutcome> outcomes = new HashMap<>();

    /** Tasks t-000, t-001, ... in external-id order. */
    static final class FakeCandidates implements AssignmentCandidates {
        final List<Candidate> tasks = new ArrayList<>();
        final Map<UserId, Long> load = new HashMap<>();

        FakeCandidates tasks(int count) {
            IntStream.range(0, count).forEach(i ->
                    tasks.add(new Candidate(TaskId.random(), "t-%03d".formatted(i), List.of())));
            return this;
        }

        @Override
        public long count(ProjectId projectId, TaskFilter filter) {
            return tasks.size();
        }

        @Override
        public List<Candidate> next(ProjectId projectId, TaskFilter filter, String after, int max,
                                    Collection<UserId> annotators) {
            return tasks.stream().filter(c -> after == null || c.externalId().compareTo(after) > 0).limit(max).toList();
        }

        @Override
        public Map<UserId, Long> load(ProjectId projectId, Collection<UserId> annotators) {
            return load;
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(AssignmentSaga.class);
        candidates = new FakeCandidates();
        directory = new InMemoryDirectory()
                .member(WS, MANAGER, Role.MANAGER)
                .member(WS, ANNA, Role.ANNOTATOR)
                .member(WS, BEN, Role.ANNOTATOR);
        fixture.registerResource(candidates);
        fixture.registerResource(directory);
        fixture.setCallbackBehavior((payload, metaData) -> payload instanceof ReserveTaskSlotCommand reserve
                ? outcomes.getOrDefault(reserve.taskId(), ReservationOutcome.RESERVED) : null);
    }

    static AssignmentJobRequestedEvent requested(AssignmentStrategy strategy, int limit) {
        return new AssignmentJobRequestedEvent(JOB, WS, PROJECT, List.of(ANNA, BEN), TaskFilter.ALL, strategy, limit,
                MANAGER);
    }

    ReserveTaskSlotCommand reserve(int task, UserId assignee) {
        return new ReserveTaskSlotCommand(candidates.tasks.get(task).taskId(), assignee, JOB, MANAGER);
    }

    static ObjectNode result(long assigned, long full, long done, long already) {
        return JsonNodeFactory.instance.objectNode().put("assigned", assigned).put("skippedFull", full)
                .put("skippedDone", done).put("skippedAlreadyAssigned", already);
    }

    @Test
    void aSmallAssignmentReservesRoundRobinAndCompletesWithItsReport() {
        candidates.tasks(3);
        outcomes.put(candidates.tasks.get(2).taskId(), ReservationOutcome.SKIPPED_FULL);
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested(AssignmentStrategy.ROUND_ROBIN, 0))
                .expectActiveSagas(1)
                .expectDispatchedCommands(reserve(0, ANNA), reserve(1, BEN), reserve(2, ANNA),
                        new ReportJobProgressCommand(JOB, 3, 3, 0, MANAGER),
                        new CompleteJobCommand(JOB, result(2, 1, 0, 0), MANAGER));
    }

    @Test
    void aLargeAssignmentTakesOneChunkPerStepAndReportsProgressAfterEach() {
        candidates.tasks(AssignmentSaga.CHUNK + 5);
        List<Object> firstChunk = new ArrayList<>();
        for (int i = 0; i < AssignmentSaga.CHUNK; i++) {
            firstChunk.add(reserve(i, i % 2 == 0 ? ANNA : BEN));
        }
        firstChunk.add(new ReportJobProgressCommand(JOB, AssignmentSaga.CHUNK, AssignmentSaga.CHUNK + 5, 0, MANAGER));
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested(AssignmentStrategy.ROUND_ROBIN, 0))
                .expectDispatchedCommands(firstChunk.toArray());
    }

    @Test
    void theProgressOfAChunkTriggersTheNextFromTheStoredPosition() {
        candidates.tasks(AssignmentSaga.CHUNK + 2);
        fixture.givenAPublished(requested(AssignmentStrategy.ROUND_ROBIN, 0))
                .whenPublishingA(new JobProgressedEvent(JOB, AssignmentSaga.CHUNK, AssignmentSaga.CHUNK + 2, 0))
                .expectDispatchedCommands(reserve(AssignmentSaga.CHUNK, ANNA), reserve(AssignmentSaga.CHUNK + 1, BEN),
                        new ReportJobProgressCommand(JOB, AssignmentSaga.CHUNK + 2, AssignmentSaga.CHUNK + 2, 0, MANAGER),
                        new CompleteJobCommand(JOB, result(AssignmentSaga.CHUNK + 2, 0, 0, 0), MANAGER));
    }

    @Test
    void anOlderProgressReportSeenAgainDoesNotTakeAnotherStep() {
        candidates.tasks(AssignmentSaga.CHUNK + 2);
        fixture.givenAPublished(requested(AssignmentStrategy.ROUND_ROBIN, 0))
                .whenPublishingA(new JobProgressedEvent(JOB, 7, AssignmentSaga.CHUNK + 2, 0))
                .expectNoDispatchedCommands();
    }

    @Test
    void aCancellationIsHonouredBeforeTheNextChunk() {
        candidates.tasks(AssignmentSaga.CHUNK + 2);
        fixture.givenAPublished(requested(AssignmentStrategy.ROUND_ROBIN, 0))
                .andThenAPublished(new JobCancellationRequestedEvent(JOB, MANAGER, Instant.EPOCH))
                .whenPublishingA(new JobProgressedEvent(JOB, AssignmentSaga.CHUNK, AssignmentSaga.CHUNK + 2, 0))
                .expectDispatchedCommands(new ConfirmJobCancelledCommand(JOB, MANAGER));
    }

    @Test
    void theSagaEndsWhenTheJobIsCancelled() {
        candidates.tasks(AssignmentSaga.CHUNK + 2);
        fixture.givenAPublished(requested(AssignmentStrategy.ROUND_ROBIN, 0))
                .whenPublishingA(new JobCancelledEvent(JOB, Instant.EPOCH))
                .expectActiveSagas(0);
    }

    @Test
    void theSagaEndsWhenTheJobCompletes() {
        candidates.tasks(1);
        fixture.givenAPublished(requested(AssignmentStrategy.ROUND_ROBIN, 0))
                .whenPublishingA(new JobCompletedEvent(JOB, result(1, 0, 0, 0), Instant.EPOCH))
                .expectActiveSagas(0);
    }

    @Test
    void aTaskOneOfTheAnnotatorsIsAlreadyOnIsSkippedWithoutACommand() {
        candidates.tasks.add(new AssignmentCandidates.Candidate(TaskId.random(), "a", List.of(BEN)));
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested(AssignmentStrategy.ROUND_ROBIN, 0))
                .expectDispatchedCommands(new ReportJobProgressCommand(JOB, 1, 1, 0, MANAGER),
                        new CompleteJobCommand(JOB, result(0, 0, 0, 1), MANAGER));
    }

    @Test
    void balancedGivesEachTaskToTheLeastLoadedAnnotator() {
        candidates.tasks(3);
        candidates.load.put(ANNA, 2L);
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested(AssignmentStrategy.BALANCED, 0))
                .expectDispatchedCommands(reserve(0, BEN), reserve(1, BEN), reserve(2, ANNA),
                        new ReportJobProgressCommand(JOB, 3, 3, 0, MANAGER),
                        new CompleteJobCommand(JOB, result(3, 0, 0, 0), MANAGER));
    }

    @Test
    void theLimitCapsTheTasksConsidered() {
        candidates.tasks(5);
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested(AssignmentStrategy.ROUND_ROBIN, 2))
                .expectDispatchedCommands(reserve(0, ANNA), reserve(1, BEN),
                        new ReportJobProgressCommand(JOB, 2, 2, 0, MANAGER),
                        new CompleteJobCommand(JOB, result(2, 0, 0, 0), MANAGER));
    }

    @Test
    void anAssignmentWhoseRequesterLostTheRoleFails() {
        candidates.tasks(3);
        directory.member(WS, MANAGER, Role.ANNOTATOR);
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested(AssignmentStrategy.ROUND_ROBIN, 0))
                .expectDispatchedCommands(new FailJobCommand(JOB, "the requester may no longer manage this project",
                        MANAGER));
    }

    @Test
    void anEmptySelectionCompletesAtOnce() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested(AssignmentStrategy.ROUND_ROBIN, 0))
                .expectDispatchedCommands(new ReportJobProgressCommand(JOB, 0, 0, 0, MANAGER),
                        new CompleteJobCommand(JOB, result(0, 0, 0, 0), MANAGER));
    }
}
