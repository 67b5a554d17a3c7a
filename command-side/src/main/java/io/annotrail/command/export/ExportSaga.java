package io.annotrail.command.export;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.ConfirmJobCancelledCommand;
import io.annotrail.domain.job.ExportFormat;
import io.annotrail.domain.job.ExportJobRequestedEvent;
import io.annotrail.domain.job.FailJobCommand;
import io.annotrail.domain.job.JobCancellationRequestedEvent;
import io.annotrail.domain.job.JobCancelledEvent;
import io.annotrail.domain.job.JobCompletedEvent;
import io.annotrail.domain.job.JobFailedEvent;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.JobProgressedEvent;
import io.annotrail.domain.job.TaskFilter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An export. It pins the event position when it starts (the request's own position, unless the request named
 * one), hands the writing to the {@link ExportRunner} and then only watches: every progress report moves a
 * persisted watchdog deadline; when the deadline fires (no progress for {@link #STALL_TIMEOUT}: the app restarted
 * in the middle, or the runner's queue was full) the saga starts the work again. Writing again is safe because the
 * file is a function of the pinned position. After {@value #MAX_RESTARTS} restarts without progress the job fails.
 * Cancellation stops the runner and is confirmed at once; nothing is written after it.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class ExportSaga {

    static final String JOB_ID = "jobId";
    static final String STALLED = "export-stalled";
    static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);
    static final int MAX_RESTARTS = 5;

    private JobId jobId;
    private ProjectId projectId;
    private ExportFormat format;
    private List<String> include = new ArrayList<>();
    private TaskFilter filter;
    private long eventPosition;
    private UserId requestedBy;
    private String deadlineId;
    private int restarts;

    @StartSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(ExportJobRequestedEvent event, EventMessage<?> message, ExportRunner runner,
            DeadlineManager deadlines) {
        jobId = event.jobId();
        projectId = event.projectId();
        format = event.format();
        include = event.include() == null ? List.of() : List.copyOf(event.include());
        filter = event.filter() == null ? TaskFilter.ALL : event.filter();
        requestedBy = event.requestedBy();
        eventPosition = event.eventPosition() != null ? event.eventPosition() : pin(message, runner);
        runner.start(spec());
        watch(deadlines);
    }

    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobProgressedEvent event, DeadlineManager deadlines) {
        restarts = 0;
        watch(deadlines);
    }

    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobCancellationRequestedEvent event, ExportRunner runner, DeadlineManager deadlines,
            CommandGateway commands) {
        runner.cancel(jobId);
        unwatch(deadlines);
        commands.sendAndWait(new ConfirmJobCancelledCommand(jobId, requestedBy));
    }

    @DeadlineHandler(deadlineName = STALLED)
    void on(ExportStalled stalled, ExportRunner runner, DeadlineManager deadlines, CommandGateway commands) {
        deadlineId = null;
        if (++restarts > MAX_RESTARTS) {
            commands.sendAndWait(new FailJobCommand(jobId, "the export made no progress after " + MAX_RESTARTS
                    + " restarts", requestedBy));
            return;
        }
        runner.start(spec());
        watch(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobCompletedEvent event, DeadlineManager deadlines) {
        unwatch(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobFailedEvent event, DeadlineManager deadlines) {
        unwatch(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobCancelledEvent event, DeadlineManager deadlines) {
        unwatch(deadlines);
    }

    /**
     * The request's own global index: every event committed before the request is at or below it, and the value is
     * stored in the saga, so a restarted export writes exactly the same file.
     */
    private static long pin(EventMessage<?> message, ExportRunner runner) {
        if (message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                && tracked.trackingToken().position().isPresent()) {
            return tracked.trackingToken().position().getAsLong();
        }
        return runner.headPosition();
    }

    private ExportSpec spec() {
        return new ExportSpec(jobId, projectId, format, include, filter, eventPosition, requestedBy);
    }

    private void watch(DeadlineManager deadlines) {
        unwatch(deadlines);
        deadlineId = deadlines.schedule(STALL_TIMEOUT, STALLED, new ExportStalled(jobId));
    }

    private void unwatch(DeadlineManager deadlines) {
        if (deadlineId != null) {
            deadlines.cancelSchedule(STALLED, deadlineId);
            deadlineId = null;
        }
    }

}
