package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * reviewStatus is NOT_REQUIRED, PENDING, ACCEPTED or REJECTED. fromSuggestion and changedFields say whether the
 * annotator started from a model suggestion and which top-level fields they changed (see AnnotationSubmittedEvent).
 */
public record AnnotationView(AnnotationId annotationId, UserId annotatorId, LeaseId leaseId, String submissionId, JsonNode response, int schemaVersion, Instant submittedAt, long timeOnTaskMillis, boolean reviewRequired, String reviewStatus, AnnotationId reworkOf, boolean fromSuggestion, List<String> changedFields) {

    public AnnotationView {
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }
}
