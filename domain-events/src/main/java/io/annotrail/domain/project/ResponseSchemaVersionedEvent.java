package io.annotrail.domain.project;

import io.annotrail.domain.common.*;
import tools.jackson.databind.JsonNode;

/** Every schema change, the first included, is a new version. */
public record ResponseSchemaVersionedEvent(ProjectId projectId, WorkspaceId workspaceId, int version, JsonNode responseSchema) {
}
