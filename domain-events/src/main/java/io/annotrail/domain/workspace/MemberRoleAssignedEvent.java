package io.annotrail.domain.workspace;

import io.annotrail.domain.common.*;

/** previousRole is null when the user joins. */
public record MemberRoleAssignedEvent(WorkspaceId workspaceId, UserId userId, Role role, Role previousRole) {
}
