package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import tools.jackson.databind.JsonNode;

/** Submits a response under a live lease; idempotent on submissionId. */
public record SubmitAnnotationCommand(@TargetAggregateIdentifier TaskId taskId, LeaseId leaseId, String submissionId, AnnotationId annotationId, JsonNode response, UserId actor) {
}
