package io.annotrail.domain.job;

import io.annotrail.domain.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks a running job to stop; the job's process confirms once it has stopped between two steps. */
public record RequestJobCancellationCommand(@TargetAggregateIdentifier JobId jobId, UserId actor) {
}
