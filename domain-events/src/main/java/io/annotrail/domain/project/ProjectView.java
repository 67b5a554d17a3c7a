package io.annotrail.domain.project;

import io.annotrail.domain.common.*;
import tools.jackson.databind.JsonNode;

public record ProjectView(ProjectId projectId, WorkspaceId workspaceId, String name, String instructions, int schemaVersion, JsonNode responseSchema, int overlap, int leaseSeconds, ReviewPolicy reviewPolicy) {
}
