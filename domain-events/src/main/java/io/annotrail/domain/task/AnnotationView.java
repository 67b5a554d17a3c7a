package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** reviewStatus is NOT_REQUIRED, PENDING, ACCEPTED or REJECTED. */
public record AnnotationView(AnnotationId annotationId, UserId annotatorId, LeaseId leaseId, String submissionId, JsonNode response, int schemaVersion, Instant submittedAt, long timeOnTaskMillis, boolean reviewRequired, String reviewStatus, AnnotationId reworkOf) {
}
