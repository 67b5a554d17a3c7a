package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** reworkOf names the rejected annotation this one replaces, or is null. */
public record AnnotationSubmittedEvent(TaskId taskId, ProjectId projectId, AnnotationId annotationId, LeaseId leaseId, String submissionId, UserId annotatorId, JsonNode response, int schemaVersion, Instant submittedAt, long timeOnTaskMillis, boolean reviewRequired, AnnotationId reworkOf) {
}
