package io.annotrail.query.task;

import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.task.AnnotationReviewedEvent;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.AnnotationView;
import io.annotrail.domain.task.LeaseExpiredEvent;
import io.annotrail.domain.task.LeaseReleasedEvent;
import io.annotrail.domain.task.LeaseRenewedEvent;
import io.annotrail.domain.task.LeaseView;
import io.annotrail.domain.task.ReviewView;
import io.annotrail.domain.task.TaskClaimedEvent;
import io.annotrail.domain.task.TaskCreatedEvent;
import io.annotrail.domain.task.TaskSkippedEvent;
import io.annotrail.domain.task.TaskStatusChangedEvent;
import io.annotrail.domain.task.TaskView;
import io.annotrail.domain.task.SuggestionRecordedEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The one definition of a task's state as readers see it: a pure left fold over the task's events.
 * The "tasks" projection stores its result per task and the as-of query recomputes it from the event
 * store, so current state and state as of the last event can never disagree.
 * <p>
 * The status is never derived here: the aggregate emits {@link TaskStatusChangedEvent} whenever it
 * changes, and the fold only copies it.
 */
public final class TaskFold {

    /** Review state of an annotation that needs no review. */
    public static final String NOT_REQUIRED = "NOT_REQUIRED";
    /** Review state of an annotation waiting for a review. */
    public static final String PENDING = "PENDING";
    /** Review state of an accepted annotation. */
    public static final String ACCEPTED = "ACCEPTED";
    /** Review state of a rejected annotation. */
    public static final String REJECTED = "REJECTED";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TaskFold() {
    }

    /**
     * Applies one event.
     *
     * @param view the state before the event, {@code null} before the task's first event
     * @param event the event payload
     * @param seq the event's aggregate sequence number; becomes {@link TaskView#version()}
     * @param at the event's timestamp; becomes {@link TaskView#updatedAt()}
     * @return the state after the event; {@code null} while the task has not been created; the
     *         unchanged view (version included) for events that are not part of a task's state
     */
    public static TaskView apply(TaskView view, Object event, long seq, Instant at) {
        if (event instanceof TaskCreatedEvent e) {
            // A task is created once, by its first event; anything else claiming to create it is ignored.
            return view != null ? view : new TaskView(e.taskId(), e.projectId(), e.workspaceId(), e.batchId(),
                    e.externalId(), TaskStatus.OPEN, e.data(), e.overlap(), List.of(), List.of(), List.of(),
                    null, seq, at, at);
        }
        if (view == null) {
            return null;
        }
        return switch (event) {
            case TaskClaimedEvent e -> leases(view, seq, at, leases -> append(leases, new LeaseView(e.leaseId(),
                    e.annotatorId(), e.claimedAt(), e.expiresAt(), e.schemaVersion(), e.rework())));
            case LeaseRenewedEvent e -> leases(view, seq, at, leases -> leases.stream()
                    .map(l -> l.leaseId().equals(e.leaseId())
                            ? new LeaseView(l.leaseId(), l.annotatorId(), l.claimedAt(), e.expiresAt(),
                                    l.schemaVersion(), l.rework())
                            : l)
                    .toList());
            case LeaseReleasedEvent e -> leases(view, seq, at, leases -> without(leases, e.leaseId()));
            case LeaseExpiredEvent e -> leases(view, seq, at, leases -> without(leases, e.leaseId()));
            case TaskSkippedEvent e -> leases(view, seq, at, leases -> without(leases, e.leaseId()));
            case AnnotationSubmittedEvent e -> submitted(view, e, seq, at);
            case AnnotationReviewedEvent e -> reviewed(view, e, seq, at);
            case SuggestionRecordedEvent e -> new TaskView(view.taskId(), view.projectId(), view.workspaceId(),
                    view.batchId(), view.externalId(), view.status(), view.data(), view.overlap(), view.leases(),
                    view.annotations(), view.reviews(), suggestion(e), seq, view.createdAt(), at);
            case TaskStatusChangedEvent e -> new TaskView(view.taskId(), view.projectId(), view.workspaceId(),
                    view.batchId(), view.externalId(), e.status(), view.data(), view.overlap(), view.leases(),
                    view.annotations(), view.reviews(), view.suggestion(), seq, view.createdAt(), at);
            default -> view;
        };
    }

    /** Applies events in order; convenience for folding a whole stream. */
    public static TaskView applyAll(TaskView view, List<Folded> events) {
        TaskView current = view;
        for (Folded f : events) {
            current = apply(current, f.event(), f.seq(), f.at());
        }
        return current;
    }

    /** One event with the message data the fold needs. */
    public record Folded(Object event, long seq, Instant at) {
    }

    /** Annotations that still fill a slot: every one that is not rejected. */
    public static int liveAnnotations(TaskView view) {
        return (int) view.annotations().stream().filter(a -> !REJECTED.equals(a.reviewStatus())).count();
    }

    private static TaskView submitted(TaskView view, AnnotationSubmittedEvent e, long seq, Instant at) {
        AnnotationView annotation = new AnnotationView(e.annotationId(), e.annotatorId(), e.leaseId(),
                e.submissionId(), e.response(), e.schemaVersion(), e.submittedAt(), e.timeOnTaskMillis(),
                e.reviewRequired(), e.reviewRequired() ? PENDING : NOT_REQUIRED, e.reworkOf(), e.fromSuggestion(),
                e.changedFields());
        return new TaskView(view.taskId(), view.projectId(), view.workspaceId(), view.batchId(),
                view.externalId(), view.status(), view.data(), view.overlap(), without(view.leases(), e.leaseId()),
                append(view.annotations(), annotation), view.reviews(), view.suggestion(), seq, view.createdAt(), at);
    }

    /**
     * The latest suggestion as annotators and managers see it: the suggested response under {@code response}, with
     * its provenance beside it. Failed suggestions never reach the view. Built as text and read back so that the
     * stored document and a recomputed (as-of) one are the same tree, number types included.
     */
    static JsonNode suggestion(SuggestionRecordedEvent e) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("response", e.suggestion());
        node.put("jobId", e.jobId().toString());
        node.put("model", e.model());
        node.put("promptId", e.promptId());
        node.put("promptHash", e.promptHash());
        node.set("parameters", e.parameters());
        node.put("requestId", e.requestId());
        node.put("promptTokens", e.promptTokens());
        node.put("completionTokens", e.completionTokens());
        node.put("latencyMs", e.latencyMs());
        node.put("finishReason", e.finishReason());
        node.put("schemaVersion", e.schemaVersion());
        node.put("recordedAt", e.recordedAt() == null ? null : e.recordedAt().toString());
        return JSON.readTree(JSON.writeValueAsString(node));
    }

    private static TaskView reviewed(TaskView view, AnnotationReviewedEvent e, long seq, Instant at) {
        String state = switch (e.decision()) {
            case ACCEPT -> ACCEPTED;
            case REJECT -> REJECTED;
        };
        List<AnnotationView> annotations = view.annotations().stream()
                .map(a -> a.annotationId().equals(e.annotationId())
                        ? new AnnotationView(a.annotationId(), a.annotatorId(), a.leaseId(), a.submissionId(),
                                a.response(), a.schemaVersion(), a.submittedAt(), a.timeOnTaskMillis(),
                                a.reviewRequired(), state, a.reworkOf(), a.fromSuggestion(), a.changedFields())
                        : a)
                .toList();
        ReviewView review = new ReviewView(e.annotationId(), e.reviewerId(), e.decision(), e.comment(), e.reviewedAt());
        return new TaskView(view.taskId(), view.projectId(), view.workspaceId(), view.batchId(),
                view.externalId(), view.status(), view.data(), view.overlap(), view.leases(), annotations,
                append(view.reviews(), review), view.suggestion(), seq, view.createdAt(), at);
    }

    private static TaskView leases(TaskView view, long seq, Instant at, UnaryOperator<List<LeaseView>> change) {
        return new TaskView(view.taskId(), view.projectId(), view.workspaceId(), view.batchId(),
                view.externalId(), view.status(), view.data(), view.overlap(), change.apply(view.leases()),
                view.annotations(), view.reviews(), view.suggestion(), seq, view.createdAt(), at);
    }

    private static List<LeaseView> without(List<LeaseView> leases, Object leaseId) {
        Predicate<LeaseView> ended = l -> l.leaseId().equals(leaseId);
        return leases.stream().filter(ended.negate()).toList();
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list.size() + 1);
        copy.addAll(list);
        copy.add(item);
        return List.copyOf(copy);
    }
}
