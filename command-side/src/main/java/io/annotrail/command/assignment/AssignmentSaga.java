package io.annotrail.command.assignment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.annotrail.command.directory.Directory;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Role;
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
import io.annotrail.domain.job.JobFailedEvent;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.JobProgressedEvent;
import io.annotrail.domain.job.ReportJobProgressCommand;
import io.annotrail.domain.job.TaskFilter;
import io.annotrail.domain.task.ReservationOutcome;
import io.annotrail.domain.task.ReserveTaskSlotCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bulk assignment, one chunk of tasks per step.
 * <p>
 * Steps are driven by events, never by a loop: a step reserves up to {@value #CHUNK} tasks and reports progress;
 * the resulting {@link JobProgressedEvent} triggers the next step. A step runs inside the saga processor's unit of
 * work, so its reservations, its progress report, the saga's new position (the last external id) and the
 * processor's token commit in one transaction: after a crash the step is redone from the stored position, and
 * nothing is lost or reserved twice.
 * <p>
 * Cancellation is checked between steps. A reservation that cannot be made is a skip answered by the task, so one
 * task never aborts a step; the roles the reservations need are checked here before each step, and a job whose
 * requester or annotators lost them fails instead of retrying forever.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class AssignmentSaga {

    static final int CHUNK = 200;
    static final String JOB_ID = "jobId";

    private JobId jobId;
    private WorkspaceId workspaceId;
    private ProjectId projectId;
    private UserId requestedBy;
    private List<UserId> annotators = new ArrayList<>();
    private TaskFilter filter;
    private AssignmentStrategy strategy;
    private long total;
    private long done;
    /** External id of the last task considered; the next step starts after it. */
    private String position;
    private long turn;
    /** Raw user id → open reservations and leases, for BALANCED. */
    private Map<String, Long> load = new HashMap<>();
    private long assigned;
    private long skippedFull;
    private long skippedDone;
    private long skippedAlreadyAssigned;
    private boolean cancellationRequested;
    /** Set once the final command was sent; later triggers (a progress event of the last step) are ignored. */
    private boolean finishing;

    @StartSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(AssignmentJobRequestedEvent event, CommandGateway commands, AssignmentCandidates candidates,
            Directory directory) {
        jobId = event.jobId();
        workspaceId = event.workspaceId();
        projectId = event.projectId();
        requestedBy = event.requestedBy();
        annotators = List.copyOf(event.annotators());
        filter = event.filter() == null ? TaskFilter.ALL : event.filter();
        strategy = event.strategy() == null ? AssignmentStrategy.ROUND_ROBIN : event.strategy();
        long matching = candidates.count(projectId, filter);
        total = event.limit() > 0 ? Math.min(matching, event.limit()) : matching;
        if (strategy == AssignmentStrategy.BALANCED) {
            candidates.load(projectId, annotators).forEach((user, open) -> load.put(user.toString(), open));
        }
        step(commands, candidates, directory);
    }

    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobProgressedEvent event, CommandGateway commands, AssignmentCandidates candidates, Directory directory) {
        // Only the report of the step just taken moves the job on; anything else is an older report seen again.
        if (finishing || event.done() != done) {
            return;
        }
        step(commands, candidates, directory);
    }

    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobCancellationRequestedEvent event) {
        // Honoured at the start of the next step: the step in flight has committed or will be redone, never halved.
        cancellationRequested = true;
    }

    @EndSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobCompletedEvent event) {
    }

    @EndSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobFailedEvent event) {
    }

    @EndSaga
    @SagaEventHandler(associationProperty = JOB_ID)
    void on(JobCancelledEvent event) {
    }

    private void step(CommandGateway commands, AssignmentCandidates candidates, Directory directory) {
        if (cancellationRequested) {
            finish(commands, new ConfirmJobCancelledCommand(jobId, requestedBy));
            return;
        }
        if (!directory.hasAnyRole(workspaceId, requestedBy, Role.MANAGING)) {
            finish(commands, new FailJobCommand(jobId, "the requester may no longer manage this project", requestedBy));
            return;
        }
        List<UserId> eligible = annotators.stream()
                .filter(user -> directory.hasAnyRole(workspaceId, user, Role.ANNOTATING))
                .toList();
        if (eligible.isEmpty()) {
            finish(commands, new FailJobCommand(jobId, "none of the annotators may annotate any more", requestedBy));
            return;
        }
        int max = (int) Math.min(CHUNK, total - done);
        List<AssignmentCandidates.Candidate> chunk = max <= 0 ? List.of()
                : candidates.next(projectId, filter, position, max, annotators);
        for (AssignmentCandidates.Candidate candidate : chunk) {
            done++;
            position = candidate.externalId();
            if (!candidate.engaged().isEmpty()) {
                // One of this job's annotators is on the task already: a rerun must not add a second one.
                skippedAlreadyAssigned++;
                continue;
            }
            UserId assignee = pick(eligible);
            ReservationOutcome outcome = commands.sendAndWait(
                    new ReserveTaskSlotCommand(candidate.taskId(), assignee, jobId, requestedBy));
            count(outcome, assignee);
        }
        if (chunk.isEmpty() || done >= total) {
            // The tasks may have been fewer than counted at the start (a filter on a changing status).
            commands.sendAndWait(new ReportJobProgressCommand(jobId, done, done, 0, requestedBy));
            finish(commands, new CompleteJobCommand(jobId, result(), requestedBy));
            return;
        }
        commands.sendAndWait(new ReportJobProgressCommand(jobId, done, total, 0, requestedBy));
    }

    private UserId pick(List<UserId> eligible) {
        if (strategy == AssignmentStrategy.BALANCED) {
            UserId best = eligible.getFirst();
            for (UserId user : eligible) {
                if (load.getOrDefault(user.toString(), 0L) < load.getOrDefault(best.toString(), 0L)) {
                    best = user;
                }
            }
            return best;
        }
        return eligible.get((int) (turn++ % eligible.size()));
    }

    private void count(ReservationOutcome outcome, UserId assignee) {
        switch (outcome == null ? ReservationOutcome.SKIPPED_ALREADY_ASSIGNED : outcome) {
            case RESERVED -> {
                assigned++;
                load.merge(assignee.toString(), 1L, Long::sum);
            }
            case SKIPPED_FULL -> skippedFull++;
            case SKIPPED_DONE -> skippedDone++;
            case SKIPPED_ALREADY_ASSIGNED -> skippedAlreadyAssigned++;
        }
    }

    private ObjectNode result() {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("assigned", assigned);
        result.put("skippedFull", skippedFull);
        result.put("skippedDone", skippedDone);
        result.put("skippedAlreadyAssigned", skippedAlreadyAssigned);
        return result;
    }

    private void finish(CommandGateway commands, Object command) {
        finishing = true;
        commands.sendAndWait(command);
    }
}
