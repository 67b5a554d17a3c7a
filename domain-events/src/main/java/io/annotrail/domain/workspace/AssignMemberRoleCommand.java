package io.annotrail.domain.workspace;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a member or changes a member's role. */
public record AssignMemberRoleCommand(@TargetAggregateIdentifier WorkspaceId workspaceId, UserId userId, Role role, UserId actor) {
}
