package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Any state but CLOSED to CLOSED; final. */
public record CloseBatchCommand(@TargetAggregateIdentifier BatchId batchId, UserId actor) {
}
