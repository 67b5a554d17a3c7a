package io.annotrail.domain.workspace;

import io.annotrail.domain.common.*;

/** The workspaces a user is a member of, with the user's role. */
public record ListWorkspacesQuery(UserId userId) {
}
