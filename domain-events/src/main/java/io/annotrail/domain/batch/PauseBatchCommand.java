package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** OPEN to PAUSED. */
public record PauseBatchCommand(@TargetAggregateIdentifier BatchId batchId, UserId actor) {
}
