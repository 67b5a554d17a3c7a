package io.annotrail.domain.project;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import tools.jackson.databind.JsonNode;

/** Sets a new response schema; always makes a new version. */
public record ChangeResponseSchemaCommand(@TargetAggregateIdentifier ProjectId projectId, JsonNode responseSchema, UserId actor) {
}
