package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Accepts or rejects an annotation. */
public record ReviewAnnotationCommand(@TargetAggregateIdentifier TaskId taskId, AnnotationId annotationId, ReviewDecision decision, String comment, UserId actor) {
}
