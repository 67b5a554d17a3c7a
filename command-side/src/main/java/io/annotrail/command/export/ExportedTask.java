package io.annotrail.command.export;

import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.task.AnnotationReviewedEvent;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.TaskCreatedEvent;
import io.annotrail.domain.task.TaskStatusChangedEvent;
import io.annotrail.domain.task.SuggestionRecordedEvent;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task as an export sees it: folded from its events up to the pinned position. Leases, skips and reservations
 * are work in progress and not part of an export; annotations keep their submission order, reviews theirs.
 */
final class ExportedTask {

    record Annotation(String annotationId, String annotatorId, JsonNode response, int schemaVersion,
                      Instant submittedAt, long timeOnTaskMillis, String reviewStatus, String reworkOf) {

        Annotation reviewed(String status) {
            return new Annotation(annotationId, annotatorId, response, schemaVersion, submittedAt, timeOnTaskMillis,
                    status, reworkOf);
        }
    }

    record Review(String annotationId, String reviewerId, String decision, String comment, Instant reviewedAt) {
    }

    final String taskId;
    final String externalId;
    final String batchId;
    final JsonNode data;
    TaskStatus status = TaskStatus.OPEN;
    final Map<String, Annotation> annotations = new LinkedHashMap<>();
    final List<Review> reviews = new ArrayList<>();
    /** The latest recorded model suggestion with its provenance, in a fixed field order; null when there is none. */
    ObjectNode suggestion;

    private ExportedTask(TaskCreatedEvent created) {
        taskId = created.taskId().toString();
        externalId = created.externalId();
        batchId = created.batchId().toString();
        data = created.data();
    }

    /** Folds one event; answers the task (null until its creation event was seen). */
    static ExportedTask fold(ExportedTask task, Object event) {
        if (event instanceof TaskCreatedEvent created) {
            return task != null ? task : new ExportedTask(created);
        }
        if (task == null) {
            return null;
        }
        switch (event) {
            case TaskStatusChangedEvent e -> task.status = e.status();
            case AnnotationSubmittedEvent e -> task.annotations.put(e.annotationId().toString(), new Annotation(
                    e.annotationId().toString(), e.annotatorId().toString(), e.response(), e.schemaVersion(),
                    e.submittedAt(), e.timeOnTaskMillis(), e.reviewRequired() ? "PENDING" : "NOT_REQUIRED",
                    e.reworkOf() == null ? null : e.reworkOf().toString()));
            case SuggestionRecordedEvent e -> {
                ObjectNode node = JsonNodeFactory.instance.objectNode();
                node.set("response", e.suggestion());
                node.put("jobId", e.jobId().toString());
                node.put("model", e.model());
                node.put("promptId", e.promptId());
                node.put("promptHash", e.promptHash());
                node.put("schemaVersion", e.schemaVersion());
                node.put("requestId", e.requestId());
                node.put("recordedAt", e.recordedAt() == null ? null : e.recordedAt().toString());
                task.suggestion = node;
            }
            case AnnotationReviewedEvent e -> {
                String id = e.annotationId().toString();
                String state = switch (e.decision()) {
                    case ACCEPT -> "ACCEPTED";
                    case REJECT -> "REJECTED";
                };
                task.annotations.computeIfPresent(id, (key, annotation) -> annotation.reviewed(state));
                task.reviews.add(new Review(id, e.reviewerId().toString(), e.decision().name(), e.comment(),
                        e.reviewedAt()));
            }
            default -> {
            }
        }
        return task;
    }
}
