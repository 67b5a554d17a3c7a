package io.annotrail.domain.workspace;

import io.annotrail.domain.common.*;

public record WorkspaceCreatedEvent(WorkspaceId workspaceId, String name, UserId createdBy) {
}
