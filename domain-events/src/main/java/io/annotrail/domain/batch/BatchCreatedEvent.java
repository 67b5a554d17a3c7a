package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;

public record BatchCreatedEvent(BatchId batchId, ProjectId projectId, WorkspaceId workspaceId, String name, int priority) {
}
