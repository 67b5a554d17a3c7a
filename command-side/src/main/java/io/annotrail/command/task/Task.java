package io.annotrail.command.task;

import io.annotrail.command.directory.Directory;
import io.annotrail.command.infra.ActorCorrelationDataProvider;
import io.annotrail.command.infra.Checks;
import io.annotrail.command.infra.Json;
import io.annotrail.command.schema.SchemaValidation;
import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.Violation;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.task.AnnotationReviewedEvent;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.ClaimTaskCommand;
import io.annotrail.domain.task.LeaseExpiredEvent;
import io.annotrail.domain.task.LeaseGranted;
import io.annotrail.domain.task.LeaseReleasedEvent;
import io.annotrail.domain.task.LeaseRenewedEvent;
import io.annotrail.domain.task.ReleaseLeaseCommand;
import io.annotrail.domain.task.ReservationOutcome;
import io.annotrail.domain.task.ReserveTaskSlotCommand;
import io.annotrail.domain.task.RenewLeaseCommand;
import io.annotrail.domain.task.ReviewAnnotationCommand;
import io.annotrail.domain.task.SkipTaskCommand;
import io.annotrail.domain.task.SubmitAnnotationCommand;
import io.annotrail.domain.task.TaskClaimedEvent;
import io.annotrail.domain.task.TaskCreatedEvent;
import io.annotrail.domain.task.TaskSkippedEvent;
import io.annotrail.domain.task.TaskSlotReservedEvent;
import io.annotrail.domain.task.TaskStatusChangedEvent;
import io.annotrail.domain.task.RecordSuggestionCommand;
import io.annotrail.domain.task.RecordSuggestionFailureCommand;
import io.annotrail.domain.task.SuggestionFailedEvent;
import io.annotrail.domain.task.SuggestionRecordedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One task and everything done on it: leases (fencing tokens with an expiry), annotations, reviews.
 * <p>
 * Slots: a task needs {@code overlap} distinct annotators. A slot is occupied by an annotation that was not
 * rejected, by a live (non-rework) lease, or by a rework reservation: a rejected annotator owes a rework and
 * keeps that slot, whether or not they currently hold the rework lease. A bulk assignment's reservation holds a
 * slot for its assignee alone until the assignee's claim consumes it (the lease then occupies that slot). An
 * annotator never holds two leases on one task and never annotates a task twice except as rework.
 * <p>
 * The status ({@link TaskStatus}) is derived from the state after every change and published as a
 * {@link TaskStatusChangedEvent} whenever it changes, so no reader has to derive it.
 * <p>
 * The id of each lease's expiry deadline travels in the metadata of the event that (re)scheduled it
 * ({@value #DEADLINE_ID}): it is not part of the domain, but it must survive reloading the aggregate so the
 * deadline can be cancelled when the lease ends early.
 */
@Aggregate
public class Task {

    public static final String LEASE_EXPIRY = "lease-expiry";
    public static final String DEADLINE_ID = "leaseDeadlineId";
    static final int MAX_REASON_LENGTH = 1000;
    static final int MAX_COMMENT_LENGTH = 4000;
    static final int MAX_SUBMISSION_ID_LENGTH = 200;

    enum LeaseState { LIVE, RELEASED, SKIPPED, SUBMITTED, EXPIRED }

    enum ReviewState { NOT_REQUIRED, PENDING, ACCEPTED, REJECTED }

    /** suggestion: the one the task had when the lease was granted, which the claim answer pre-filled (or null). */
    private record Lease(UserId annotator, Instant claimedAt, Instant expiresAt, int schemaVersion, boolean rework,
                         String deadlineId, LeaseState state, JsonNode suggestion) {

        boolean live() {
            return state == LeaseState.LIVE;
        }

        Lease renewed(Instant newExpiresAt, String newDeadlineId) {
            return new Lease(annotator, claimedAt, newExpiresAt, schemaVersion, rework, newDeadlineId, state,
                    suggestion);
        }

        Lease ended(LeaseState endState) {
            return new Lease(annotator, claimedAt, expiresAt, schemaVersion, rework, deadlineId, endState,
                    suggestion);
        }
    }

    private record Annotation(UserId annotator, ReviewState review) {
    }

    private record Submission(AnnotationId annotationId, UserId annotator, String responseHash) {
    }

    @AggregateIdentifier
    private TaskId taskId;
    private ProjectId projectId;
    private WorkspaceId workspaceId;
    private BatchId batchId;
    private int overlap;
    private int leaseSeconds;
    private ReviewPolicy reviewPolicy;
    private TaskStatus status;
    private final Map<LeaseId, Lease> leases = new LinkedHashMap<>();
    private final Map<AnnotationId, Annotation> annotations = new LinkedHashMap<>();
    private final Map<String, Submission> submissions = new HashMap<>();
    private final Set<UserId> participants = new HashSet<>();
    private final Map<UserId, AnnotationId> reworkOwed = new HashMap<>();
    private final Map<UserId, JobId> reservations = new HashMap<>();
    /** The latest recorded model suggestion (failed ones are never attached). */
    private JsonNode suggestion;
    /** Pre-labelling jobs that recorded an outcome (suggestion or failure) here: each asks a task once. */
    private final Set<JobId> suggestionJobs = new HashSet<>();

    protected Task() {
    }

    /** Created by the batch import through {@code AggregateLifecycle.createNew}. */
    public Task(TaskCreatedEvent created) {
        apply(created);
    }

    @CommandHandler
    LeaseGranted handle(ClaimTaskCommand command, Directory directory, Clock clock, DeadlineManager deadlineManager) {
        UserId actor = authorize(command.actor(), Role.ANNOTATING, directory);
        LeaseId leaseId = Checks.present(command.leaseId(), "leaseId");
        boolean batchOpen = directory.batch(batchId).map(batch -> batch.status() == BatchStatus.OPEN).orElse(false);
        if (!batchOpen) {
            throw new DomainException(ErrorCode.BATCH_NOT_OPEN, "the task's batch is not open");
        }
        Instant now = clock.instant();
        // A lease past its expiry whose deadline has not fired yet (scheduler lag) must not block anybody; the
        // status is published once, after the claim.
        expireOverdueLeases(now, deadlineManager);
        if (status == TaskStatus.COMPLETED) {
            throw new DomainException(ErrorCode.TASK_COMPLETED, "the task is completed");
        }
        if (liveLeaseOf(actor) != null) {
            throw new DomainException(ErrorCode.ALREADY_HOLDING_LEASE, "you already hold a lease on this task");
        }
        if (leases.containsKey(leaseId)) {
            throw new DomainException(ErrorCode.ALREADY_EXISTS, "lease " + leaseId + " was granted before");
        }
        boolean rework = reworkOwed.containsKey(actor);
        if (!rework) {
            if (participants.contains(actor)) {
                throw new DomainException(ErrorCode.TASK_ALREADY_PARTICIPATED, "you already annotated or skipped this task");
            }
            // A reservation is the assignee's own slot: it is counted as occupied already, and the claim takes it.
            if (!reservations.containsKey(actor) && occupiedSlots() >= overlap) {
                throw new DomainException(ErrorCode.TASK_FULL, "every slot of the task is taken");
            }
        }
        int schemaVersion = directory.project(projectId)
                .orElseThrow(() -> new DomainException(ErrorCode.PROJECT_NOT_FOUND, "not found"))
                .schemaVersion();
        Instant expiresAt = now.plusSeconds(leaseSeconds);
        String deadlineId = deadlineManager.schedule(expiresAt, LEASE_EXPIRY, new LeaseExpiryDue(taskId, leaseId));
        apply(new TaskClaimedEvent(taskId, projectId, leaseId, actor, now, expiresAt, schemaVersion, rework),
                MetaData.with(DEADLINE_ID, deadlineId));
        publishStatusChange();
        return new LeaseGranted(taskId, leaseId, expiresAt, schemaVersion);
    }

    /**
     * Reserves a slot for the assignee. Every reason not to is answered as a skip that applies nothing, so a bulk
     * assignment can run again over the same tasks without changing anything, and a skip never aborts the
     * assignment's unit of work.
     */
    @CommandHandler
    ReservationOutcome handle(ReserveTaskSlotCommand command, Directory directory, Clock clock) {
        authorize(command.actor(), Role.MANAGING, directory);
        UserId assignee = Checks.present(command.assignee(), "assignee");
        JobId jobId = Checks.present(command.jobId(), "jobId");
        if (!directory.hasAnyRole(workspaceId, assignee, Role.ANNOTATING)) {
            throw Checks.invalid("assignee", "is not a member who may annotate");
        }
        if (status == TaskStatus.COMPLETED) {
            return ReservationOutcome.SKIPPED_DONE;
        }
        if (participants.contains(assignee) || reworkOwed.containsKey(assignee) || reservations.containsKey(assignee)
                || liveLeaseOf(assignee) != null) {
            return ReservationOutcome.SKIPPED_ALREADY_ASSIGNED;
        }
        if (occupiedSlots() >= overlap) {
            return ReservationOutcome.SKIPPED_FULL;
        }
        apply(new TaskSlotReservedEvent(taskId, projectId, batchId, assignee, jobId, clock.instant()));
        return ReservationOutcome.RESERVED;
    }

    @CommandHandler
    Instant handle(RenewLeaseCommand command, Directory directory, Clock clock, DeadlineManager deadlineManager) {
        UserId actor = authorize(command.actor(), Role.ANNOTATING, directory);
        Instant now = clock.instant();
        Lease lease = requireLiveLease(command.leaseId(), actor, now);
        Instant expiresAt = now.plusSeconds(leaseSeconds);
        cancelDeadline(lease, deadlineManager);
        String deadlineId = deadlineManager.schedule(expiresAt, LEASE_EXPIRY, new LeaseExpiryDue(taskId, command.leaseId()));
        apply(new LeaseRenewedEvent(taskId, projectId, command.leaseId(), actor, expiresAt),
                MetaData.with(DEADLINE_ID, deadlineId));
        return expiresAt;
    }

    @CommandHandler
    void handle(ReleaseLeaseCommand command, Directory directory, Clock clock, DeadlineManager deadlineManager) {
        UserId actor = authorize(command.actor(), Role.ANNOTATING, directory);
        Lease lease = requireLiveLease(command.leaseId(), actor, clock.instant());
        cancelDeadline(lease, deadlineManager);
        apply(new LeaseReleasedEvent(taskId, projectId, command.leaseId(), actor));
        publishStatusChange();
    }

    @CommandHandler
    void handle(SkipTaskCommand command, Directory directory, Clock clock, DeadlineManager deadlineManager) {
        UserId actor = authorize(command.actor(), Role.ANNOTATING, directory);
        Lease lease = requireLiveLease(command.leaseId(), actor, clock.instant());
        String reason = command.reason() == null || command.reason().isBlank() ? null : command.reason().strip();
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw Checks.invalid("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        cancelDeadline(lease, deadlineManager);
        apply(new TaskSkippedEvent(taskId, projectId, command.leaseId(), actor, reason));
        publishStatusChange();
    }

    /**
     * Idempotent on the submission id: a retry by the same annotator with the same response answers the first
     * annotation id and applies nothing; anything else under a known submission id is a conflict.
     */
    @CommandHandler
    AnnotationId handle(SubmitAnnotationCommand command, Directory directory, Clock clock,
                        DeadlineManager deadlineManager, SchemaValidation schemaValidation) {
        UserId actor = authorize(command.actor(), Role.ANNOTATING, directory);
        String submissionId = command.submissionId() == null ? "" : command.submissionId().strip();
        if (submissionId.isEmpty() || submissionId.length() > MAX_SUBMISSION_ID_LENGTH) {
            throw Checks.invalid("submissionId", "must be 1.." + MAX_SUBMISSION_ID_LENGTH + " characters");
        }
        Submission earlier = submissions.get(submissionId);
        if (earlier != null) {
            if (earlier.annotator().equals(actor) && earlier.responseHash().equals(Json.sha256(command.response()))) {
                return earlier.annotationId();
            }
            throw new DomainException(ErrorCode.SUBMISSION_CONFLICT,
                    "submission " + submissionId + " was already used for a different submission");
        }
        Instant now = clock.instant();
        Lease lease = requireLiveLease(command.leaseId(), actor, now);
        AnnotationId annotationId = Checks.present(command.annotationId(), "annotationId");
        if (annotations.containsKey(annotationId)) {
            throw new DomainException(ErrorCode.ALREADY_EXISTS, "annotation " + annotationId + " exists already");
        }
        List<Violation> violations = schemaValidation.validateResponse(projectId, lease.schemaVersion(),
                () -> directory.schema(projectId, lease.schemaVersion()).orElseThrow(() -> new IllegalStateException(
                        "schema version " + lease.schemaVersion() + " of project " + projectId + " is missing")),
                command.response());
        if (!violations.isEmpty()) {
            throw new DomainException(ErrorCode.RESPONSE_INVALID, "the response does not match the schema", violations);
        }
        long leaseAge = Duration.between(lease.claimedAt(), now).toMillis();
        long timeOnTaskMillis = command.shownForMillis() == null ? leaseAge
                : Math.clamp(command.shownForMillis(), 0, leaseAge);
        AnnotationId reworkOf = lease.rework() ? reworkOwed.get(actor) : null;
        cancelDeadline(lease, deadlineManager);
        // Compared with what the annotator was shown, never with what a client says it started from.
        boolean fromSuggestion = lease.suggestion() != null;
        List<String> changedFields = fromSuggestion ? changedFields(lease.suggestion(), command.response()) : List.of();
        apply(new AnnotationSubmittedEvent(taskId, projectId, annotationId, command.leaseId(), submissionId, actor,
                command.response(), lease.schemaVersion(), now, timeOnTaskMillis,
                reviewPolicy.requiresReview(annotationId), reworkOf, fromSuggestion, changedFields));
        publishStatusChange();
        return annotationId;
    }

    @CommandHandler
    void handle(ReviewAnnotationCommand command, Directory directory, Clock clock) {
        UserId actor = authorize(command.actor(), Role.REVIEWING, directory);
        AnnotationId annotationId = Checks.present(command.annotationId(), "annotationId");
        Annotation annotation = annotations.get(annotationId);
        if (annotation == null) {
            throw new DomainException(ErrorCode.ANNOTATION_NOT_FOUND, "annotation " + annotationId + " not found");
        }
        ReviewDecision decision = Checks.present(command.decision(), "decision");
        if (annotation.annotator().equals(actor)) {
            throw new DomainException(ErrorCode.SELF_REVIEW, "nobody reviews their own annotation");
        }
        switch (annotation.review()) {
            case NOT_REQUIRED -> throw new DomainException(ErrorCode.REVIEW_NOT_REQUIRED, "this annotation needs no review");
            case ACCEPTED, REJECTED -> throw new DomainException(ErrorCode.ALREADY_REVIEWED, "this annotation was reviewed already");
            case PENDING -> {
            }
        }
        String comment = command.comment() == null || command.comment().isBlank() ? null : command.comment().strip();
        if (decision == ReviewDecision.REJECT && comment == null) {
            throw Checks.invalid("comment", "is required to reject");
        }
        if (comment != null && comment.length() > MAX_COMMENT_LENGTH) {
            throw Checks.invalid("comment", "must be at most " + MAX_COMMENT_LENGTH + " characters");
        }
        apply(new AnnotationReviewedEvent(taskId, projectId, annotationId, annotation.annotator(), actor, decision,
                comment, clock.instant()));
        publishStatusChange();
    }

    /**
     * Records a model's suggestion if it matches the schema version the job pinned; otherwise the attempt is recorded
     * as failed and nothing is attached, so a suggestion an annotator sees is always a valid response.
     * <p>
     * Sent by the job's own process, not by a person: it is not re-authorized (the job checks its requester between
     * steps). A job that recorded an outcome here already applies nothing, which makes a call repeated after a
     * restart harmless.
     */
    @CommandHandler
    void handle(RecordSuggestionCommand command, Directory directory, Clock clock, SchemaValidation schemaValidation) {
        Checks.actor(command.actor());
        JobId jobId = Checks.present(command.jobId(), "jobId");
        if (suggestionJobs.contains(jobId)) {
            return;
        }
        int version = command.schemaVersion();
        Optional<JsonNode> schema = directory.schema(projectId, version);
        List<Violation> violations = schema.isEmpty()
                ? List.of(new Violation("", "schema version " + version + " does not exist"))
                : schemaValidation.validateResponse(projectId, version, schema::get, command.suggestion());
        if (!violations.isEmpty()) {
            apply(new SuggestionFailedEvent(taskId, projectId, jobId, describe(violations), command.model(),
                    command.promptId(), command.promptHash(), command.requestId(), command.promptTokens(),
                    command.completionTokens(), command.latencyMs(), command.finishReason(), clock.instant()));
            return;
        }
        apply(new SuggestionRecordedEvent(taskId, projectId, jobId, command.suggestion(), command.model(),
                command.promptId(), command.promptHash(), command.parameters(), command.requestId(),
                command.promptTokens(), command.completionTokens(), command.latencyMs(), command.finishReason(),
                version, clock.instant()));
    }

    @CommandHandler
    void handle(RecordSuggestionFailureCommand command, Clock clock) {
        Checks.actor(command.actor());
        JobId jobId = Checks.present(command.jobId(), "jobId");
        if (suggestionJobs.contains(jobId)) {
            return;
        }
        String reason = command.reason() == null || command.reason().isBlank() ? "failed" : command.reason().strip();
        apply(new SuggestionFailedEvent(taskId, projectId, jobId, truncate(reason), command.model(),
                command.promptId(), command.promptHash(), command.requestId(), command.promptTokens(),
                command.completionTokens(), command.latencyMs(), command.finishReason(), clock.instant()));
    }

    /**
     * Top-level JSON pointers where the response differs from the suggestion (a member added, removed or changed),
     * sorted. Two values that are not both objects differ as a whole ({@code ""}, the root pointer).
     */
    static List<String> changedFields(JsonNode suggested, JsonNode response) {
        if (suggested == null || response == null || !suggested.isObject() || !response.isObject()) {
            return java.util.Objects.equals(suggested, response) ? List.of() : List.of("");
        }
        Set<String> names = new TreeSet<>(suggested.propertyNames());
        names.addAll(response.propertyNames());
        return names.stream()
                .filter(name -> !java.util.Objects.equals(suggested.get(name), response.get(name)))
                .map(name -> "/" + name.replace("~", "~0").replace("/", "~1"))
                .toList();
    }

    private static String describe(List<Violation> violations) {
        StringBuilder reason = new StringBuilder("the suggestion does not match the response schema:");
        for (Violation violation : violations) {
            reason.append(' ').append(violation.path().isEmpty() ? "(root)" : violation.path())
                    .append(' ').append(violation.message()).append(';');
        }
        return truncate(reason.toString());
    }

    private static String truncate(String text) {
        return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH);
    }

    /**
     * Expires the lease if it is still live and due. A deadline may arrive after the lease ended (released,
     * skipped, submitted) or after it was renewed, when cancelling the old deadline raced with its firing:
     * both are ignored.
     */
    @DeadlineHandler(deadlineName = LEASE_EXPIRY)
    void on(LeaseExpiryDue due, Clock clock) {
        Lease lease = leases.get(due.leaseId());
        if (lease == null || !lease.live() || clock.instant().isBefore(lease.expiresAt())) {
            return;
        }
        apply(new LeaseExpiredEvent(taskId, projectId, due.leaseId(), lease.annotator(), lease.expiresAt()));
        publishStatusChange();
    }

    private UserId authorize(UserId actor, Set<Role> allowed, Directory directory) {
        UserId user = Checks.actor(actor);
        directory.requireRole(workspaceId, user, allowed, ErrorCode.TASK_NOT_FOUND);
        return user;
    }

    private Lease requireLiveLease(LeaseId leaseId, UserId actor, Instant now) {
        Lease lease = leaseId == null ? null : leases.get(leaseId);
        if (lease == null) {
            throw new DomainException(ErrorCode.LEASE_NOT_FOUND, "lease " + leaseId + " not found");
        }
        if (!lease.annotator().equals(actor)) {
            throw new DomainException(ErrorCode.LEASE_NOT_YOURS, "lease " + leaseId + " belongs to someone else");
        }
        if (lease.state() == LeaseState.EXPIRED || (lease.live() && !now.isBefore(lease.expiresAt()))) {
            throw new DomainException(ErrorCode.LEASE_EXPIRED, "lease " + leaseId + " has expired");
        }
        if (!lease.live()) {
            throw new DomainException(ErrorCode.LEASE_NOT_LIVE,
                    "lease " + leaseId + " has ended (" + lease.state().name().toLowerCase() + ")");
        }
        return lease;
    }

    private void expireOverdueLeases(Instant now, DeadlineManager deadlineManager) {
        List<Map.Entry<LeaseId, Lease>> overdue = leases.entrySet().stream()
                .filter(entry -> entry.getValue().live() && !now.isBefore(entry.getValue().expiresAt()))
                .toList();
        for (Map.Entry<LeaseId, Lease> entry : overdue) {
            Lease lease = entry.getValue();
            cancelDeadline(lease, deadlineManager);
            // The platform expired it, not the claimer: explicit metadata wins over the command's correlation data.
            apply(new LeaseExpiredEvent(taskId, projectId, entry.getKey(), lease.annotator(), lease.expiresAt()),
                    MetaData.with(ActorCorrelationDataProvider.ACTOR, ActorCorrelationDataProvider.SYSTEM));
        }
    }

    private void cancelDeadline(Lease lease, DeadlineManager deadlineManager) {
        if (lease.deadlineId() != null) {
            deadlineManager.cancelSchedule(LEASE_EXPIRY, lease.deadlineId());
        }
    }

    private Lease liveLeaseOf(UserId user) {
        return leases.values().stream()
                .filter(lease -> lease.live() && lease.annotator().equals(user))
                .findFirst().orElse(null);
    }

    private long occupiedSlots() {
        long standing = annotations.values().stream().filter(a -> a.review() != ReviewState.REJECTED).count();
        long leased = leases.values().stream().filter(lease -> lease.live() && !lease.rework()).count();
        return standing + leased + reworkOwed.size() + reservations.size();
    }

    private TaskStatus derivedStatus() {
        long satisfied = annotations.values().stream()
                .filter(a -> a.review() == ReviewState.ACCEPTED || a.review() == ReviewState.NOT_REQUIRED)
                .count();
        if (satisfied >= overlap) {
            return TaskStatus.COMPLETED;
        }
        if (!reworkOwed.isEmpty() || leases.values().stream().anyMatch(Lease::live)) {
            return TaskStatus.IN_PROGRESS;
        }
        long standing = annotations.values().stream().filter(a -> a.review() != ReviewState.REJECTED).count();
        if (standing >= overlap) {
            return TaskStatus.IN_REVIEW;
        }
        return annotations.isEmpty() ? TaskStatus.OPEN : TaskStatus.SUBMITTED;
    }

    private void publishStatusChange() {
        TaskStatus derived = derivedStatus();
        if (derived != status) {
            apply(new TaskStatusChangedEvent(taskId, projectId, batchId, status, derived));
        }
    }

    @EventSourcingHandler
    void on(TaskCreatedEvent event) {
        taskId = event.taskId();
        projectId = event.projectId();
        workspaceId = event.workspaceId();
        batchId = event.batchId();
        overlap = event.overlap();
        leaseSeconds = event.leaseSeconds();
        reviewPolicy = event.reviewPolicy();
        status = TaskStatus.OPEN;
    }

    @EventSourcingHandler
    void on(TaskClaimedEvent event, @MetaDataValue(DEADLINE_ID) String deadlineId) {
        leases.put(event.leaseId(), new Lease(event.annotatorId(), event.claimedAt(), event.expiresAt(),
                event.schemaVersion(), event.rework(), deadlineId, LeaseState.LIVE, suggestion));
        // The assignee's claim consumes the reservation: from now on the lease occupies the slot.
        reservations.remove(event.annotatorId());
    }

    @EventSourcingHandler
    void on(SuggestionRecordedEvent event) {
        suggestion = event.suggestion();
        suggestionJobs.add(event.jobId());
    }

    @EventSourcingHandler
    void on(SuggestionFailedEvent event) {
        suggestionJobs.add(event.jobId());
    }

    @EventSourcingHandler
    void on(TaskSlotReservedEvent event) {
        reservations.put(event.assignee(), event.jobId());
    }

    @EventSourcingHandler
    void on(LeaseRenewedEvent event, @MetaDataValue(DEADLINE_ID) String deadlineId) {
        leases.computeIfPresent(event.leaseId(), (id, lease) -> lease.renewed(event.expiresAt(), deadlineId));
    }

    @EventSourcingHandler
    void on(LeaseReleasedEvent event) {
        leases.computeIfPresent(event.leaseId(), (id, lease) -> lease.ended(LeaseState.RELEASED));
    }

    @EventSourcingHandler
    void on(TaskSkippedEvent event) {
        Lease lease = leases.computeIfPresent(event.leaseId(), (id, live) -> live.ended(LeaseState.SKIPPED));
        participants.add(event.annotatorId());
        if (lease != null && lease.rework()) {
            reworkOwed.remove(event.annotatorId());
        }
    }

    @EventSourcingHandler
    void on(LeaseExpiredEvent event) {
        leases.computeIfPresent(event.leaseId(), (id, lease) -> lease.ended(LeaseState.EXPIRED));
    }

    @EventSourcingHandler
    void on(AnnotationSubmittedEvent event) {
        leases.computeIfPresent(event.leaseId(), (id, lease) -> lease.ended(LeaseState.SUBMITTED));
        annotations.put(event.annotationId(), new Annotation(event.annotatorId(),
                event.reviewRequired() ? ReviewState.PENDING : ReviewState.NOT_REQUIRED));
        submissions.put(event.submissionId(),
                new Submission(event.annotationId(), event.annotatorId(), Json.sha256(event.response())));
        participants.add(event.annotatorId());
        if (event.reworkOf() != null) {
            reworkOwed.remove(event.annotatorId());
        }
    }

    @EventSourcingHandler
    void on(AnnotationReviewedEvent event) {
        boolean accepted = event.decision() == ReviewDecision.ACCEPT;
        annotations.computeIfPresent(event.annotationId(), (id, annotation) ->
                new Annotation(annotation.annotator(), accepted ? ReviewState.ACCEPTED : ReviewState.REJECTED));
        if (!accepted) {
            reworkOwed.put(event.annotatorId(), event.annotationId());
        }
    }

    @EventSourcingHandler
    void on(TaskStatusChangedEvent event) {
        status = event.status();
    }
}
