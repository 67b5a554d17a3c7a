package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Imports tasks into the batch in one unit: all accepted tasks are stored together or none. */
public record ImportTasksCommand(@TargetAggregateIdentifier BatchId batchId, List<TaskInput> tasks, UserId actor) {
}
