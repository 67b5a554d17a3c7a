package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;

public record ReviewView(AnnotationId annotationId, UserId reviewerId, ReviewDecision decision, String comment, Instant reviewedAt) {
}
