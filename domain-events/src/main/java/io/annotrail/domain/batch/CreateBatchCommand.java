package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a batch in DRAFT. */
public record CreateBatchCommand(@TargetAggregateIdentifier BatchId batchId, ProjectId projectId, String name, int priority, UserId actor) {
}
