package io.annotrail.command.export;

import io.annotrail.command.asset.AssetStore;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.job.ConfirmJobCancelledCommand;
import io.annotrail.domain.job.ExportFormat;
import io.annotrail.domain.job.ExportJobRequestedEvent;
import io.annotrail.domain.job.FailJobCommand;
import io.annotrail.domain.job.JobCancellationRequestedEvent;
import io.annotrail.domain.job.JobCompletedEvent;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.JobProgressedEvent;
import io.annotrail.domain.job.TaskFilter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.axonframework.test.saga.SagaTestFixture;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.node.JsonNodeFactory;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExportSagaTest {

    static final ProjectId PROJECT = ProjectId.random();
    static final JobId JOB = JobId.random();
    static final UserId MANAGER = UserId.random();

    SagaTestFixture<ExportSaga> fixture;
    RecordingRunner runner;

    /** Records what the saga asked for instead of writing files. */
    static final class RecordingRunner extends ExportRunner {
        final List<ExportSpec> started = new ArrayList<>();
        final List<JobId> cancelled = new ArrayList<>();

        RecordingRunner() {
            super(new ExportWriter() {
                @Override
                public long write(ExportSpec spec, OutputStream out, Progress progress) {
                    return 0;
                }

                @Override
                public long headPosition() {
                    return 99;
                }
            }, new StaticListableBeanFactory().getBeanProvider(AssetStore.class), null);
        }

        @Override
        void start(ExportSpec spec) {
            started.add(spec);
        }

        @Override
        void cancel(JobId jobId) {
            cancelled.add(jobId);
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(ExportSaga.class);
        runner = new RecordingRunner();
        fixture.registerResource(runner);
    }

    static ExportJobRequestedEvent requested(Long position) {
        return new ExportJobRequestedEvent(JOB, WorkspaceId.random(), PROJECT, ExportFormat.CSV, List.of("data"),
                TaskFilter.ALL, position, MANAGER);
    }

    static ExportSpec spec(long position) {
        return new ExportSpec(JOB, PROJECT, ExportFormat.CSV, List.of("data"), TaskFilter.ALL, position, MANAGER);
    }

    @Test
    void startingPinsTheRequestedPositionStartsTheWorkAndWatchesIt() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested(42L))
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(ExportSaga.STALL_TIMEOUT, ExportSaga.STALLED)
                .expectNoDispatchedCommands();
        assertThat(runner.started).containsExactly(spec(42));
    }

    @Test
    void withoutARequestedPositionTheRequestsOwnPositionIsPinned() {
        // The fixture delivers the request as the first tracked event: global index 0 (not the writer's head, 99).
        fixture.givenNoPriorActivity().whenPublishingA(requested(null));
        assertThat(runner.started).containsExactly(spec(0));
    }

    @Test
    void progressMovesTheWatchdog() throws Exception {
        fixture.givenAPublished(requested(42L))
                .andThenTimeElapses(Duration.ofMinutes(1))
                .andThenAPublished(new JobProgressedEvent(JOB, 500, 1000, 0))
                .whenTimeElapses(Duration.ofMinutes(1).plusSeconds(30))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(30), ExportSaga.STALLED);
        assertThat(runner.started).hasSize(1);
    }

    @Test
    void aStalledExportIsStartedAgainAtTheSamePosition() throws Exception {
        fixture.givenAPublished(requested(42L))
                .whenTimeElapses(ExportSaga.STALL_TIMEOUT.plusSeconds(1))
                .expectDeadlinesMet(new ExportStalled(JOB))
                // rescheduled when the first one fired, one second before "now"
                .expectScheduledDeadlineWithName(ExportSaga.STALL_TIMEOUT.minusSeconds(1), ExportSaga.STALLED)
                .expectNoDispatchedCommands();
        assertThat(runner.started).containsExactly(spec(42), spec(42));
    }

    @Test
    void anExportThatKeepsStallingFails() throws Exception {
        fixture.givenAPublished(requested(42L))
                .whenTimeElapses(ExportSaga.STALL_TIMEOUT.multipliedBy(ExportSaga.MAX_RESTARTS + 1).plusSeconds(1))
                .expectDispatchedCommands(new FailJobCommand(JOB, "the export made no progress after "
                        + ExportSaga.MAX_RESTARTS + " restarts", MANAGER))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aCancellationStopsTheWorkAndIsConfirmed() {
        fixture.givenAPublished(requested(42L))
                .whenPublishingA(new JobCancellationRequestedEvent(JOB, MANAGER, Instant.EPOCH))
                .expectDispatchedCommands(new ConfirmJobCancelledCommand(JOB, MANAGER))
                .expectNoScheduledDeadlines();
        assertThat(runner.cancelled).containsExactly(JOB);
    }

    @Test
    void completionEndsTheSagaAndItsWatchdog() {
        fixture.givenAPublished(requested(42L))
                .andThenAPublished(new JobProgressedEvent(JOB, 500, 1000, 0))
                .whenPublishingA(new JobCompletedEvent(JOB, JsonNodeFactory.instance.objectNode(), Instant.EPOCH))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }
}
