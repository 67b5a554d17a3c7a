package io.annotrail.domain.workspace;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes a member from a workspace. */
public record RemoveMemberCommand(@TargetAggregateIdentifier WorkspaceId workspaceId, UserId userId, UserId actor) {
}
