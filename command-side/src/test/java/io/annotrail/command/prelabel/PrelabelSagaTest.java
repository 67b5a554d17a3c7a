package io.annotrail.command.prelabel;

import io.annotrail.command.directory.Directory;
import io.annotrail.command.directory.InMemoryDirectory;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.job.CompleteJobCommand;
import io.annotrail.domain.job.ConfirmJobCancelledCommand;
import io.annotrail.domain.job.FailJobCommand;
import io.annotrail.domain.job.JobCancellationRequestedEvent;
import io.annotrail.domain.job.JobCancelledEvent;
import io.annotrail.domain.job.JobCompletedEvent;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.PrelabelJobRequestedEvent;
import io.annotrail.domain.job.ReportJobProgressCommand;
import io.annotrail.domain.task.SuggestionFailedEvent;
import io.annotrail.domain.task.SuggestionRecordedEvent;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PrelabelSagaTest {

    static final WorkspaceId WS = WorkspaceId.random();
    static final ProjectId PROJECT = ProjectId.random();
    static final BatchId BATCH = BatchId.random();
    static final JobId JOB = JobId.random();
    static final UserId MANAGER = UserId.random();
    static final Duration STALL = Duration.ofMinutes(10);
    static final int CHUNK = PrelabelSaga.CHUNK;

    SagaTestFixture<PrelabelSaga> fixture;
    FakeCandidates candidates;
    RecordingRunner runner;
    InMemoryDirectory directory;

    /** Tasks t-000, t-001, ... in external-id order; the first {@code suggested} already have a suggestion. */
    static final class FakeCandidates implements PrelabelCandidates {
        final List<Candidate> tasks = new ArrayList<>();
        final Set<TaskId> suggested = new HashSet<>();

        FakeCandidates tasks(int count) {
            IntStream.range(0, count).forEach(i -> tasks.add(new Candidate(TaskId.random(), "t-%03d".formatted(i))));
            return this;
        }

        @Override
        public long count(BatchId batchId) {
            return tasks.size();
        }

        @Override
        public long countSuggested(BatchId batchId) {
            return suggested.size();
        }

        @Override
        public List<Candidate> next(BatchId batchId, String after, int max) {
            return tasks.stream()
                    .filter(c -> !suggested.contains(c.taskId()))
                    .filter(c -> after == null || c.externalId().compareTo(after) > 0)
                    .limit(max).toList();
        }
    }

    /** Records what the saga hands over instead of calling a model. */
    static final class RecordingRunner extends PrelabelRunner {
        final List<PrelabelWork> submitted = new ArrayList<>();
        final List<JobId> cancelled = new ArrayList<>();
        boolean busy;

        RecordingRunner() {
            super(new StaticListableBeanFactory().getBeanProvider(LlmSettings.class),
                    new StaticListableBeanFactory().getBeanProvider(LlmClient.class), (taskId, jobId) -> {
                        throw new UnsupportedOperationException();
                    }, new StaticListableBeanFactory().getBeanProvider(Directory.class), null);
        }

        @Override
        void submit(PrelabelWork work) {
            submitted.add(work);
        }

        @Override
        void cancel(JobId jobId) {
            cancelled.add(jobId);
        }

        @Override
        boolean busy(JobId jobId) {
            return busy;
        }

        @Override
        Duration stallTimeout() {
            return STALL;
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(PrelabelSaga.class);
        candidates = new FakeCandidates();
        runner = new RecordingRunner();
        directory = new InMemoryDirectory().member(WS, MANAGER, Role.MANAGER);
        fixture.registerResource(candidates);
        fixture.registerResource(runner);
        fixture.registerResource(directory);
    }

    static PrelabelJobRequestedEvent requested() {
        return new PrelabelJobRequestedEvent(JOB, WS, PROJECT, BATCH, "gpt-test", "default-labeller", "hash-1",
                "rules <task-data>{{data}}</task-data>", "Label the animal", 3, MANAGER);
    }

    List<TaskId> ids(int from, int to) {
        return candidates.tasks.subList(from, to).stream().map(PrelabelCandidates.Candidate::taskId).toList();
    }

    TaskId task(int i) {
        return candidates.tasks.get(i).taskId();
    }

    static SuggestionRecordedEvent recorded(TaskId task, long promptTokens, long completionTokens) {
        return new SuggestionRecordedEvent(task, PROJECT, JOB, JsonNodeFactory.instance.objectNode().put("label", "cat"),
                "gpt-test", "default-labeller", "hash-1", JsonNodeFactory.instance.objectNode(), "req", promptTokens,
                completionTokens, 100, "stop", 3, Instant.EPOCH);
    }

    static SuggestionFailedEvent failed(TaskId task) {
        return new SuggestionFailedEvent(task, PROJECT, JOB, "not JSON", "gpt-test", "default-labeller", "hash-1",
                "req", 10, 2, 100, "stop", Instant.EPOCH);
    }

    static ObjectNode result(long suggested, long failed, long skipped, long promptTokens, long completionTokens) {
        return JsonNodeFactory.instance.objectNode().put("suggested", suggested).put("failed", failed)
                .put("skipped", skipped).put("promptTokens", promptTokens).put("completionTokens", completionTokens);
    }

    @Test
    void startingHandsTheFirstChunkToTheRunnerReportsTheTotalAndWatchesIt() {
        candidates.tasks(CHUNK + 3);
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested())
                .expectActiveSagas(1)
                .expectDispatchedCommands(new ReportJobProgressCommand(JOB, 0, CHUNK + 3, 0, MANAGER))
                .expectScheduledDeadlineWithName(STALL, PrelabelSaga.STALLED);
        assertThat(runner.submitted).hasSize(1);
        PrelabelWork work = runner.submitted.getFirst();
        assertThat(work.tasks()).containsExactlyElementsOf(ids(0, CHUNK));
        assertThat(work.model()).isEqualTo("gpt-test");
        assertThat(work.promptHash()).isEqualTo("hash-1");
        assertThat(work.schemaVersion()).isEqualTo(3);
        assertThat(work.instructions()).isEqualTo("Label the animal");
    }

    @Test
    void tasksThatHaveASuggestionAlreadyAreNotAskedAndCountAsDone() {
        candidates.tasks(3);
        candidates.suggested.add(candidates.tasks.get(1).taskId());
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested())
                .expectDispatchedCommands(new ReportJobProgressCommand(JOB, 1, 3, 0, MANAGER));
        assertThat(runner.submitted.getFirst().tasks()).containsExactly(task(0), task(2));
    }

    @Test
    void anAnswerMovesTheWatchdogButTheChunkWaitsForTheRest() throws Exception {
        candidates.tasks(3);
        fixture.givenAPublished(requested())
                .andThenTimeElapses(Duration.ofMinutes(5))
                .whenPublishingA(recorded(task(0), 10, 2))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(STALL, PrelabelSaga.STALLED);
        assertThat(runner.submitted).hasSize(1);
    }

    @Test
    void theLastAnswerOfAChunkTakesTheNextChunkFromTheStoredPosition() {
        candidates.tasks(CHUNK + 2);
        List<Object> answers = new ArrayList<>();
        for (int i = 0; i < CHUNK - 1; i++) {
            answers.add(i % 5 == 0 ? failed(task(i)) : recorded(task(i), 10, 2));
        }
        var given = fixture.givenAPublished(requested());
        for (Object answer : answers) {
            given = given.andThenAPublished(answer);
        }
        given.whenPublishingA(recorded(task(CHUNK - 1), 10, 2))
                .expectDispatchedCommands(new ReportJobProgressCommand(JOB, CHUNK, CHUNK + 2, 5, MANAGER));
        assertThat(runner.submitted).hasSize(2);
        assertThat(runner.submitted.get(1).tasks()).containsExactlyElementsOf(ids(CHUNK, CHUNK + 2));
    }

    @Test
    void theLastAnswerOfTheLastChunkCompletesTheJobWithItsReport() {
        candidates.tasks(2);
        fixture.givenAPublished(requested())
                .andThenAPublished(recorded(task(0), 100, 20))
                .whenPublishingA(failed(task(1)))
                .expectDispatchedCommands(new ReportJobProgressCommand(JOB, 2, 2, 1, MANAGER),
                        new CompleteJobCommand(JOB, result(1, 1, 0, 110, 22), MANAGER))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aBatchWithNothingToAskCompletesAtOnce() {
        candidates.tasks(2);
        candidates.suggested.addAll(ids(0, 2));
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested())
                .expectDispatchedCommands(new ReportJobProgressCommand(JOB, 2, 2, 0, MANAGER),
                        new CompleteJobCommand(JOB, result(0, 0, 2, 0, 0), MANAGER));
        assertThat(runner.submitted).isEmpty();
    }

    @Test
    void anAnswerSeenTwiceOrForATaskNotAwaitedCountsOnce() {
        candidates.tasks(3);
        fixture.givenAPublished(requested())
                .andThenAPublished(recorded(task(0), 10, 2))
                .whenPublishingA(recorded(task(0), 10, 2))
                .expectNoDispatchedCommands();
    }

    @Test
    void aCancellationStopsNewRequestsAndIsConfirmedAtOnce() {
        candidates.tasks(3);
        fixture.givenAPublished(requested())
                .andThenAPublished(recorded(task(0), 10, 2))
                .whenPublishingA(new JobCancellationRequestedEvent(JOB, MANAGER, Instant.EPOCH))
                .expectDispatchedCommands(new ReportJobProgressCommand(JOB, 1, 3, 0, MANAGER),
                        new ConfirmJobCancelledCommand(JOB, MANAGER))
                .expectNoScheduledDeadlines();
        assertThat(runner.cancelled).containsExactly(JOB);
    }

    @Test
    void answersArrivingAfterTheCancellationChangeNothing() {
        candidates.tasks(2);
        fixture.givenAPublished(requested())
                .andThenAPublished(new JobCancellationRequestedEvent(JOB, MANAGER, Instant.EPOCH))
                .whenPublishingA(recorded(task(0), 10, 2))
                .expectNoDispatchedCommands();
    }

    @Test
    void theCancelledJobEndsTheSaga() {
        candidates.tasks(2);
        fixture.givenAPublished(requested())
                .andThenAPublished(new JobCancellationRequestedEvent(JOB, MANAGER, Instant.EPOCH))
                .whenPublishingA(new JobCancelledEvent(JOB, Instant.EPOCH))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void whenTheWorkWasLostTheWatchdogHandsTheAwaitedTasksOverAgain() throws Exception {
        candidates.tasks(3);
        fixture.givenAPublished(requested())
                .andThenAPublished(recorded(task(1), 10, 2))
                .whenTimeElapses(STALL.plusSeconds(1))
                .expectDeadlinesMet(new PrelabelStalled(JOB))
                .expectScheduledDeadlineWithName(STALL.minusSeconds(1), PrelabelSaga.STALLED)
                .expectNoDispatchedCommands();
        assertThat(runner.submitted).hasSize(2);
        assertThat(runner.submitted.get(1).tasks()).containsExactly(task(0), task(2));
    }

    @Test
    void workStillRunningHereIsLeftAloneByTheWatchdog() throws Exception {
        candidates.tasks(3);
        runner.busy = true;
        fixture.givenAPublished(requested())
                .whenTimeElapses(STALL.plusSeconds(1))
                .expectDeadlinesMet(new PrelabelStalled(JOB))
                .expectScheduledDeadlineWithName(STALL.minusSeconds(1), PrelabelSaga.STALLED)
                .expectNoDispatchedCommands();
        assertThat(runner.submitted).hasSize(1);
    }

    @Test
    void aJobWhoseWorkKeepsGettingLostFails() throws Exception {
        candidates.tasks(3);
        fixture.givenAPublished(requested())
                .whenTimeElapses(STALL.multipliedBy(PrelabelSaga.MAX_RESTARTS + 1).plusSeconds(1))
                .expectDispatchedCommands(new FailJobCommand(JOB, "no task was answered after "
                        + PrelabelSaga.MAX_RESTARTS + " restarts of the pre-labelling work", MANAGER))
                .expectNoScheduledDeadlines();
        assertThat(runner.submitted).hasSize(1 + PrelabelSaga.MAX_RESTARTS);
        assertThat(runner.cancelled).containsExactly(JOB);
    }

    @Test
    void aRequesterWhoMayNoLongerManageFailsTheJobAtTheNextStep() {
        candidates.tasks(1);
        var given = fixture.givenAPublished(requested());
        directory.member(WS, MANAGER, Role.ANNOTATOR);
        given.whenPublishingA(recorded(task(0), 10, 2))
                .expectDispatchedCommands(new FailJobCommand(JOB, "the requester may no longer manage this project",
                        MANAGER));
    }

    @Test
    void completionEndsTheSagaAndItsWatchdog() {
        candidates.tasks(2);
        fixture.givenAPublished(requested())
                .whenPublishingA(new JobCompletedEvent(JOB, JsonNodeFactory.instance.objectNode(), Instant.EPOCH))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }
}
