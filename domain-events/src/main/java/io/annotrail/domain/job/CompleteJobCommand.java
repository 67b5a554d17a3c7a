package io.annotrail.domain.job;

import io.annotrail.domain.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import tools.jackson.databind.JsonNode;

public record CompleteJobCommand(@TargetAggregateIdentifier JobId jobId, JsonNode result, UserId actor) {
}
