package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import tools.jackson.databind.JsonNode;

/**
 * Submits a response under a live lease; idempotent on submissionId. {@code shownForMillis}, when a client knows it,
 * is how long the task was on the annotator's screen: a client that claims the next task in the background shows it
 * later than it claimed it. The time on task recorded is that, bounded by the lease's age; without it, the age.
 */
public record SubmitAnnotationCommand(@TargetAggregateIdentifier TaskId taskId, LeaseId leaseId, String submissionId,
                                      AnnotationId annotationId, JsonNode response, UserId actor, Long shownForMillis) {

    public SubmitAnnotationCommand(TaskId taskId, LeaseId leaseId, String submissionId, AnnotationId annotationId,
                                   JsonNode response, UserId actor) {
        this(taskId, leaseId, submissionId, annotationId, response, actor, null);
    }
}
