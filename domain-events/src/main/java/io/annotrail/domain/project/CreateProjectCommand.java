package io.annotrail.domain.project;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import tools.jackson.databind.JsonNode;

/** Creates a project with schema version 1. */
public record CreateProjectCommand(@TargetAggregateIdentifier ProjectId projectId, WorkspaceId workspaceId, String name, String instructions, JsonNode responseSchema, int overlap, int leaseSeconds, ReviewPolicy reviewPolicy, UserId actor) {
}
