package io.annotrail.domain.job;

import io.annotrail.domain.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FailJobCommand(@TargetAggregateIdentifier JobId jobId, String reason, UserId actor) {
}
