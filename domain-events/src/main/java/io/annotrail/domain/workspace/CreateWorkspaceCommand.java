package io.annotrail.domain.workspace;

import io.annotrail.domain.common.*;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a workspace; the actor becomes its first ADMIN. */
public record CreateWorkspaceCommand(@TargetAggregateIdentifier WorkspaceId workspaceId, String name, UserId actor) {
}
