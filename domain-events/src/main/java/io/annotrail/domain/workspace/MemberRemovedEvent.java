package io.annotrail.domain.workspace;

import io.annotrail.domain.common.*;

public record MemberRemovedEvent(WorkspaceId workspaceId, UserId userId, Role previousRole) {
}
