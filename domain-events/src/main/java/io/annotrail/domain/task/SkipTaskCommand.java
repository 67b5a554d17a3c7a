package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives the slot back; the task never comes back to this annotator. */
public record SkipTaskCommand(@TargetAggregateIdentifier TaskId taskId, LeaseId leaseId, String reason, UserId actor) {
}
