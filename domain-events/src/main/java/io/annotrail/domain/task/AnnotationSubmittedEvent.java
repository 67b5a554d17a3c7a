package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * reworkOf names the rejected annotation this one replaces, or is null. fromSuggestion tells whether the
 * annotator's form was pre-filled by a model suggestion (the task had one when the lease was granted); changedFields
 * lists the top-level JSON pointers ({@code /label}) where the response differs from that suggestion (sorted; empty
 * when the annotator kept it as it was, or when there was none). Events stored before these members existed read
 * as false and empty.
 */
public record AnnotationSubmittedEvent(TaskId taskId, ProjectId projectId, AnnotationId annotationId, LeaseId leaseId, String submissionId, UserId annotatorId, JsonNode response, int schemaVersion, Instant submittedAt, long timeOnTaskMillis, boolean reviewRequired, AnnotationId reworkOf, boolean fromSuggestion, List<String> changedFields) {

    public AnnotationSubmittedEvent {
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }
}
