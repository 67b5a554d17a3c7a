package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Heartbeat: extends a live lease by the task's lease duration. */
public record RenewLeaseCommand(@TargetAggregateIdentifier TaskId taskId, LeaseId leaseId, UserId actor) {
}
