package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Higher priority batches hand out work first. */
public record ChangeBatchPriorityCommand(@TargetAggregateIdentifier BatchId batchId, int priority, UserId actor) {
}
