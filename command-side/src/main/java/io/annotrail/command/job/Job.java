package io.annotrail.command.job;

import io.annotrail.command.directory.Directory;
import io.annotrail.command.infra.Checks;
import io.annotrail.command.infra.Json;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.Violation;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.job.AssignmentJobRequestedEvent;
import io.annotrail.domain.job.AssignmentStrategy;
import io.annotrail.domain.job.CompleteJobCommand;
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
import io.annotrail.domain.job.JobStartedEvent;
import io.annotrail.domain.job.JobStatus;
import io.annotrail.domain.job.JobType;
import io.annotrail.domain.job.ReportJobProgressCommand;
import io.annotrail.domain.job.RequestJobCancellationCommand;
import io.annotrail.domain.job.StartAssignmentJobCommand;
import io.annotrail.domain.job.StartExportJobCommand;
import io.annotrail.domain.job.PrelabelJobRequestedEvent;
import io.annotrail.domain.job.StartPrelabelJobCommand;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.job.TaskFilter;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One long-running job: who started it, how far it got and how it ended. The work itself is done by the saga of
 * its type, which reports through this aggregate; every report is an event the job read model folds.
 * <p>
 * Starting and cancelling are managers' decisions (MANAGING in the project's workspace). Progress, completion,
 * failure and the cancellation confirmation come from the job's own process: they are not exposed at the edge and
 * are not re-authorized, so a job keeps its bookkeeping even if its requester loses the role meanwhile.
 * A finished job is final: progress, completion and cancellation requests are refused with INVALID_TRANSITION (a
 * repeated completion is a no-op), while a failure or cancellation confirmation after the end is a no-op: a process
 * retrying after a restart, or racing its own completion, must not fail its unit of work over it.
 */
@Aggregate
public class Job {

    static final int MAX_ANNOTATORS = 100;
    static final int MAX_LIMIT = 1_000_000;
    static final int MAX_REASON_LENGTH = 2000;
    static final Set<String> EXPORT_PARTS = Set.of("data", "annotations", "reviews", "suggestion");
    /** Same rule as the prompt loader's: the id names a file, so nothing that could leave the prompts folder. */
    static final Pattern PROMPT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** Model (or Azure deployment) names as providers spell them; no whitespace or control characters. */
    static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");
    static final int MAX_PROMPT_CHARS = 64 * 1024;
    static final int MAX_INSTRUCTIONS_CHARS = 64 * 1024;

    @AggregateIdentifier
    private JobId jobId;
    private WorkspaceId workspaceId;
    private JobStatus status;
    private boolean cancellationRequested;
    private long done;
    private long total;
    private long failed;

    protected Job() {
    }

    @CommandHandler
    public Job(StartAssignmentJobCommand command, Directory directory, Clock clock) {
        UserId actor = Checks.actor(command.actor());
        Directory.ProjectEntry project = requireManagedProject(command.projectId(), actor, directory);
        List<Violation> violations = new ArrayList<>();
        List<UserId> annotators = command.annotators() == null ? List.of() : command.annotators();
        if (annotators.isEmpty() || annotators.size() > MAX_ANNOTATORS) {
            violations.add(new Violation("annotators", "must name 1.." + MAX_ANNOTATORS + " annotators"));
        }
        for (int i = 0; i < annotators.size(); i++) {
            UserId annotator = annotators.get(i);
            if (annotator == null || !directory.hasAnyRole(project.workspaceId(), annotator, Role.ANNOTATING)) {
                violations.add(new Violation("annotators/" + i, "is not a member who may annotate"));
            }
        }
        if (command.limit() < 0 || command.limit() > MAX_LIMIT) {
            violations.add(new Violation("limit", "must be 1.." + MAX_LIMIT + " (0 or absent: no cap)"));
        }
        TaskFilter filter = requireFilter(command.filter(), project, directory, violations);
        if (!violations.isEmpty()) {
            throw Checks.invalid(violations);
        }
        // Named twice, an annotator would get twice the share of a round robin: keep the first mention.
        List<UserId> distinct = List.copyOf(new LinkedHashSet<>(annotators));
        AssignmentStrategy strategy = command.strategy() == null ? AssignmentStrategy.ROUND_ROBIN : command.strategy();
        apply(new JobStartedEvent(command.jobId(), JobType.ASSIGNMENT, project.workspaceId(), project.projectId(),
                actor, clock.instant()));
        apply(new AssignmentJobRequestedEvent(command.jobId(), project.workspaceId(), project.projectId(), distinct,
                filter, strategy, command.limit(), actor));
    }

    @CommandHandler
    public Job(StartExportJobCommand command, Directory directory, Clock clock) {
        UserId actor = Checks.actor(command.actor());
        Directory.ProjectEntry project = requireManagedProject(command.projectId(), actor, directory);
        List<Violation> violations = new ArrayList<>();
        ExportFormat format = command.format();
        if (format == null) {
            violations.add(new Violation("format", "is required"));
        }
        List<String> include = command.include() == null ? List.of() : command.include();
        for (int i = 0; i < include.size(); i++) {
            if (!EXPORT_PARTS.contains(include.get(i))) {
                violations.add(new Violation("include/" + i, "must be one of " + EXPORT_PARTS.stream().sorted().toList()));
            }
        }
        if (command.eventPosition() != null && command.eventPosition() < 0) {
            violations.add(new Violation("eventPosition", "must be 0 or more"));
        }
        TaskFilter filter = requireFilter(command.filter(), project, directory, violations);
        if (!violations.isEmpty()) {
            throw Checks.invalid(violations);
        }
        // Sorted and distinct: the same request always names the same file.
        List<String> parts = include.stream().distinct().sorted().toList();
        apply(new JobStartedEvent(command.jobId(), JobType.EXPORT, project.workspaceId(), project.projectId(), actor,
                clock.instant()));
        apply(new ExportJobRequestedEvent(command.jobId(), project.workspaceId(), project.projectId(), format, parts,
                filter, command.eventPosition(), actor));
    }

    /**
     * Pins everything a pre-labelling run depends on: the batch's project, its current response schema version, the
     * model, and the prompt template with its hash. The hash must be the SHA-256 of the template text (the edge read
     * it from a UTF-8 file, so that is the hash of the file's bytes): a job never records a version it did not use.
     */
    @CommandHandler
    public Job(StartPrelabelJobCommand command, Directory directory, Clock clock) {
        UserId actor = Checks.actor(command.actor());
        BatchId batchId = Checks.present(command.batchId(), "batchId");
        Directory.BatchEntry batch = directory.batch(batchId)
                .orElseThrow(() -> new DomainException(ErrorCode.BATCH_NOT_FOUND, "not found"));
        directory.requireRole(batch.workspaceId(), actor, Role.MANAGING, ErrorCode.BATCH_NOT_FOUND);
        Directory.ProjectEntry project = directory.project(batch.projectId())
                .orElseThrow(() -> new DomainException(ErrorCode.PROJECT_NOT_FOUND, "not found"));
        List<Violation> violations = new ArrayList<>();
        if (command.model() == null || !MODEL.matcher(command.model()).matches()) {
            violations.add(new Violation("model", "must be a model or deployment name (1..200 letters, digits, . _ : / @ + -)"));
        }
        if (command.promptId() == null || !PROMPT_ID.matcher(command.promptId()).matches()) {
            violations.add(new Violation("promptId", "must match " + PROMPT_ID.pattern()));
        }
        String template = command.promptTemplate();
        if (template == null || template.isBlank() || template.length() > MAX_PROMPT_CHARS) {
            violations.add(new Violation("promptTemplate", "must be 1.." + MAX_PROMPT_CHARS + " characters"));
        } else if (command.promptHash() == null || !command.promptHash().equals(Json.sha256(template))) {
            violations.add(new Violation("promptHash", "is not the SHA-256 of the prompt template"));
        }
        String instructions = command.instructions() == null ? "" : command.instructions();
        if (instructions.length() > MAX_INSTRUCTIONS_CHARS) {
            violations.add(new Violation("instructions", "must be at most " + MAX_INSTRUCTIONS_CHARS + " characters"));
        }
        if (!violations.isEmpty()) {
            throw Checks.invalid(violations);
        }
        apply(new JobStartedEvent(command.jobId(), JobType.PRELABEL, project.workspaceId(), project.projectId(), actor,
                clock.instant()));
        apply(new PrelabelJobRequestedEvent(command.jobId(), project.workspaceId(), project.projectId(), batchId,
                command.model(), command.promptId(), command.promptHash(), template, instructions,
                project.schemaVersion(), actor));
    }

    /** Absolute counters: a report equal to the last one applies nothing. */
    @CommandHandler
    void handle(ReportJobProgressCommand command) {
        Checks.actor(command.actor());
        requireRunning();
        if (command.done() < 0 || command.total() < 0 || command.failed() < 0) {
            throw Checks.invalid("done", "counters must be 0 or more");
        }
        if (command.done() != done || command.total() != total || command.failed() != failed) {
            apply(new JobProgressedEvent(jobId, command.done(), command.total(), command.failed()));
        }
    }

    @CommandHandler
    void handle(CompleteJobCommand command, Clock clock) {
        Checks.actor(command.actor());
        if (status == JobStatus.COMPLETED) {
            return;
        }
        requireRunning();
        apply(new JobCompletedEvent(jobId, command.result(), clock.instant()));
    }

    /** A process that gives up after its job ended some other way changes nothing. */
    @CommandHandler
    void handle(FailJobCommand command, Clock clock) {
        Checks.actor(command.actor());
        if (status.finished()) {
            return;
        }
        String reason = command.reason() == null || command.reason().isBlank() ? "failed" : command.reason().strip();
        if (reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH);
        }
        apply(new JobFailedEvent(jobId, reason, clock.instant()));
    }

    @CommandHandler
    void handle(RequestJobCancellationCommand command, Directory directory, Clock clock) {
        UserId actor = Checks.actor(command.actor());
        directory.requireRole(workspaceId, actor, Role.MANAGING, ErrorCode.JOB_NOT_FOUND);
        requireRunning();
        if (!cancellationRequested) {
            apply(new JobCancellationRequestedEvent(jobId, actor, clock.instant()));
        }
    }

    /** The work may have completed just before it saw the cancellation: then the job stays completed. */
    @CommandHandler
    void handle(ConfirmJobCancelledCommand command, Clock clock) {
        Checks.actor(command.actor());
        if (status.finished()) {
            return;
        }
        apply(new JobCancelledEvent(jobId, clock.instant()));
    }

    private void requireRunning() {
        if (status.finished()) {
            throw new DomainException(ErrorCode.INVALID_TRANSITION, "the job is " + status + " already");
        }
    }

    private static Directory.ProjectEntry requireManagedProject(ProjectId projectId, UserId actor, Directory directory) {
        ProjectId id = Checks.present(projectId, "projectId");
        Directory.ProjectEntry project = directory.project(id)
                .orElseThrow(() -> new DomainException(ErrorCode.PROJECT_NOT_FOUND, "not found"));
        directory.requireRole(project.workspaceId(), actor, Role.MANAGING, ErrorCode.PROJECT_NOT_FOUND);
        return project;
    }

    private static TaskFilter requireFilter(TaskFilter filter, Directory.ProjectEntry project, Directory directory,
                                            List<Violation> violations) {
        if (filter == null) {
            return TaskFilter.ALL;
        }
        if (filter.batchId() != null && directory.batch(filter.batchId())
                .filter(batch -> batch.projectId().equals(project.projectId())).isEmpty()) {
            violations.add(new Violation("filter/batch", "is not a batch of this project"));
        }
        return filter;
    }

    @EventSourcingHandler
    void on(JobStartedEvent event) {
        jobId = event.jobId();
        workspaceId = event.workspaceId();
        status = JobStatus.RUNNING;
    }

    @EventSourcingHandler
    void on(JobProgressedEvent event) {
        done = event.done();
        total = event.total();
        failed = event.failed();
    }

    @EventSourcingHandler
    void on(JobCancellationRequestedEvent event) {
        cancellationRequested = true;
    }

    @EventSourcingHandler
    void on(JobCompletedEvent event) {
        status = JobStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(JobFailedEvent event) {
        status = JobStatus.FAILED;
    }

    @EventSourcingHandler
    void on(JobCancelledEvent event) {
        status = JobStatus.CANCELLED;
    }
}
