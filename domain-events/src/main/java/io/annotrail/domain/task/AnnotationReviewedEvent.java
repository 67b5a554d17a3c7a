package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;

public record AnnotationReviewedEvent(TaskId taskId, ProjectId projectId, AnnotationId annotationId, UserId annotatorId, UserId reviewerId, ReviewDecision decision, String comment, Instant reviewedAt) {
}
