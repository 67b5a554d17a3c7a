package io.annotrail.command.prelabel;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.annotrail.command.directory.Directory;
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
import io.annotrail.domain.job.JobFailedEvent;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.PrelabelJobRequestedEvent;
import io.annotrail.domain.job.ReportJobProgressCommand;
import io.annotrail.domain.task.SuggestionFailedEvent;
import io.annotrail.domain.task.SuggestionRecordedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * LLM pre-labelling of a batch, one chunk of tasks at a time.
 * <p>
 * A step takes the next {@value #CHUNK} tasks without a suggestion (in external-id order, after the stored
 * position), reports progress and hands them to the {@link PrelabelRunner}, which asks the model on its own threads
 * and records each outcome on the task. The saga only counts: every {@link SuggestionRecordedEvent} or
 * {@link SuggestionFailedEvent} of this job removes a task from the chunk, and the last one takes the next step. So
 * no saga handler waits for a model, and the saga's state (position, the tasks still awaited, the counters) is
 * stored with each event it handles.
 * <p>
 * Restart: the runner's queue is memory only. A persisted watchdog deadline, moved by every answer, fires when no
 * task was answered for the runner's worst case; if the runner is not working on the job any more, the saga hands
 * the awaited tasks over again. Tasks that have an outcome for this job are never asked again (the runner reads the
 * task's events first, the task records one outcome per job), and the position means earlier chunks are never
 * revisited. After {@value #MAX_RESTARTS} hand-overs without a single answer the job fails.
 * <p>
 * Cancellation stops new requests at once and is confirmed at once; calls in flight finish and are recorded on their
 * tasks. The requester's MANAGING role is checked before each step.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class PrelabelSaga {

    static final int CHUNK = 25;
    static final String JOB_ID = "jobId";
    static final String STALLED = "prelabel-stalled";
    static final int MAX_RESTARTS = 3;

    private JobId jobId;
    private WorkspaceId workspaceId;
    private ProjectId projectId;
    private BatchId batchId;
    private UserId requestedBy;
    private String model;
    private String promptId;
    private String promptHash;
    private String promptTemplate;
    private String instructions;
    private int schemaVersion;
    private long total;
    private long skipped;
    private long suggested;
    private long failed;
    private long promptTokens;
    private long completionTokens;
    /** External id of the last task handed over; the next chunk starts after it. */
    private String position;
    /** Raw ids of the tasks of the current chunk that have no outcome yet, in hand-over order. */
    private Set<String> pending = new LinkedHashSet<>();
    private boolean cancellationRequested;
    /** Set once the final command was sent; answers that arrive later change nothing. */
    private boolean finishing;
    private String deadlineId;
    private int restarts;

    @StartSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(PrelabelJobRequestedEvent event, CommandGateway commands, PrelabelCandidates candidates,
            Directory directory, PrelabelRunner runner, DeadlineManager deadlines) {
        jobId = event.jobId();
        workspaceId = event.workspaceId();
        projectId = event.projectId();
        batchId = event.batchId();
        requestedBy = event.requestedBy();
        model = event.model();
        promptId = event.promptId();
        promptHash = event.promptHash();
        promptTemplate = event.promptTemplate();
        instructions = event.instructions();
        schemaVersion = event.schemaVersion();
        total = candidates.count(batchId);
        skipped = candidates.countSuggested(batchId);
        step(commands, candidates, directory, runner, deadlines);
    }

    @SagaEventHandler(associationProperty = JOB_ID)
    void on(SuggestionRecordedEvent event, CommandGateway commands, PrelabelCandidates candidates,
            Directory directory, PrelabelRunner runner, DeadlineManager deadlines) {
        if (finishing || !pending.remove(event.taskId().toString())) {
            return;
        }
        suggested++;
        promptTokens += event.promptTokens();
        completionTokens += event.completionTokens();
        answered(commands, candidates, directory, runner, deadlines);
    }

    @SagaEventHandler(associationProperty = JOB_ID)
    void on(SuggestionFailedEvent event, CommandGateway commands, PrelabelCandidates candidates,
            Directory directory, PrelabelRunner runner, DeadlineManager deadlines) {
        if (finishing || !pending.remove(event.taskId().toString())) {
            return;
        }
        failed++;
        promptTokens += event.promptTokens();
        completionTokens += event.completionTokens();
        answered(commands, candidates, directory, runner, deadlines);
    }

    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobCancellationRequestedEvent event, CommandGateway commands, PrelabelRunner runner,
            DeadlineManager deadlines) {
        cancellationRequested = true;
        runner.cancel(jobId);
        if (finishing) {
            return;
        }
        unwatch(deadlines);
        report(commands, total);
        finish(commands, new ConfirmJobCancelledCommand(jobId, requestedBy));
    }

    /**
     * No answer for a long time. Work still queued or running in this instance is left alone (it may sit behind
     * other jobs); otherwise it was lost, and the awaited tasks are handed over again.
     */
    @DeadlineHandler(deadlineName = STALLED)
    void on(PrelabelStalled stalled, CommandGateway commands, PrelabelCandidates candidates, Directory directory,
            PrelabelRunner runner, DeadlineManager deadlines) {
        deadlineId = null;
        if (finishing) {
            return;
        }
        if (pending.isEmpty()) {
            step(commands, candidates, directory, runner, deadlines);
            return;
        }
        if (runner.busy(jobId)) {
            watch(runner, deadlines);
            return;
        }
        if (++restarts > MAX_RESTARTS) {
            runner.cancel(jobId);
            finish(commands, new FailJobCommand(jobId, "no task was answered after " + MAX_RESTARTS
                    + " restarts of the pre-labelling work", requestedBy));
            return;
        }
        runner.submit(work());
        watch(runner, deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobCompletedEvent event, DeadlineManager deadlines) {
        unwatch(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobFailedEvent event, PrelabelRunner runner, DeadlineManager deadlines) {
        runner.cancel(jobId);
        unwatch(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobCancelledEvent event, PrelabelRunner runner, DeadlineManager deadlines) {
        runner.cancel(jobId);
        unwatch(deadlines);
    }

    private void answered(CommandGateway commands, PrelabelCandidates candidates, Directory directory,
                          PrelabelRunner runner, DeadlineManager deadlines) {
        restarts = 0;
        if (pending.isEmpty()) {
            step(commands, candidates, directory, runner, deadlines);
        } else {
            watch(runner, deadlines);
        }
    }

    private void step(CommandGateway commands, PrelabelCandidates candidates, Directory directory,
                      PrelabelRunner runner, DeadlineManager deadlines) {
        if (cancellationRequested) {
            unwatch(deadlines);
            finish(commands, new ConfirmJobCancelledCommand(jobId, requestedBy));
            return;
        }
        if (!directory.hasAnyRole(workspaceId, requestedBy, Role.MANAGING)) {
            unwatch(deadlines);
            finish(commands, new FailJobCommand(jobId, "the requester may no longer manage this project",
                    requestedBy));
            return;
        }
        List<PrelabelCandidates.Candidate> chunk = candidates.next(batchId, position, CHUNK);
        if (chunk.isEmpty()) {
            // Tasks that got a suggestion from elsewhere while this job ran were not asked: they count as skipped.
            skipped = Math.max(skipped, total - suggested - failed);
            unwatch(deadlines);
            report(commands, done());
            finish(commands, new CompleteJobCommand(jobId, result(), requestedBy));
            return;
        }
        for (PrelabelCandidates.Candidate candidate : chunk) {
            pending.add(candidate.taskId().toString());
            position = candidate.externalId();
        }
        report(commands, Math.max(total, done() + pending.size()));
        runner.submit(work());
        watch(runner, deadlines);
    }

    private long done() {
        return skipped + suggested + failed;
    }

    private void report(CommandGateway commands, long reportedTotal) {
        commands.sendAndWait(new ReportJobProgressCommand(jobId, done(), Math.max(reportedTotal, done()), failed,
                requestedBy));
    }

    private PrelabelWork work() {
        return new PrelabelWork(jobId, projectId, model, promptId, promptHash, promptTemplate, instructions,
                schemaVersion, requestedBy, pending.stream().map(TaskId::of).toList());
    }

    private ObjectNode result() {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("suggested", suggested);
        result.put("failed", failed);
        result.put("skipped", skipped);
        result.put("promptTokens", promptTokens);
        result.put("completionTokens", completionTokens);
        return result;
    }

    private void finish(CommandGateway commands, Object command) {
        finishing = true;
        commands.sendAndWait(command);
    }

    private void watch(PrelabelRunner runner, DeadlineManager deadlines) {
        unwatch(deadlines);
        deadlineId = deadlines.schedule(runner.stallTimeout(), STALLED, new PrelabelStalled(jobId));
    }

    private void unwatch(DeadlineManager deadlines) {
        if (deadlineId != null) {
            deadlines.cancelSchedule(STALLED, deadlineId);
            deadlineId = null;
        }
    }
}
