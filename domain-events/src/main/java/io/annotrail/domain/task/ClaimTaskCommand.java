package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks for a lease on one free slot of the task. */
public record ClaimTaskCommand(@TargetAggregateIdentifier TaskId taskId, LeaseId leaseId, UserId actor) {
}
