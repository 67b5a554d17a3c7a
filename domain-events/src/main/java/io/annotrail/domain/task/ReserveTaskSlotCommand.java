package io.annotrail.domain.task;

import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.JobId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Reserves one slot of the task for the assignee (a bulk assignment). Answers a {@link ReservationOutcome}; a task
 * that cannot take the reservation is a skip, not an error, and applies nothing.
 */
public record ReserveTaskSlotCommand(@TargetAggregateIdentifier TaskId taskId, UserId assignee, JobId jobId,
                                     UserId actor) {
}
