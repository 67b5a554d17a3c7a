package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import tools.jackson.databind.JsonNode;

/** Project settings are copied at import: later changes apply to new imports only. */
public record TaskCreatedEvent(TaskId taskId, ProjectId projectId, WorkspaceId workspaceId, BatchId batchId, String externalId, JsonNode data, int overlap, int leaseSeconds, ReviewPolicy reviewPolicy) {
}
