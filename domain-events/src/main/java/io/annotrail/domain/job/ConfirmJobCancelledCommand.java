package io.annotrail.domain.job;

import io.annotrail.domain.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ConfirmJobCancelledCommand(@TargetAggregateIdentifier JobId jobId, UserId actor) {
}
