package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives a slot back without annotating. */
public record ReleaseLeaseCommand(@TargetAggregateIdentifier TaskId taskId, LeaseId leaseId, UserId actor) {
}
