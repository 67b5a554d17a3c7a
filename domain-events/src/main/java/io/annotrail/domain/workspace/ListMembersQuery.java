package io.annotrail.domain.workspace;

import io.annotrail.domain.common.*;

public record ListMembersQuery(WorkspaceId workspaceId) {
}
