package io.annotrail.domain.workspace;

import io.annotrail.domain.common.*;

public record WorkspaceSummary(WorkspaceId id, String name, Role role) {
}
