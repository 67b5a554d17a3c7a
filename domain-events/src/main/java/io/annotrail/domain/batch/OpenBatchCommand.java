package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** DRAFT or PAUSED to OPEN. */
public record OpenBatchCommand(@TargetAggregateIdentifier BatchId batchId, UserId actor) {
}
