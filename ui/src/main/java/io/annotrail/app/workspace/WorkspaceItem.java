package io.annotrail.app.workspace;

import io.annotrail.domain.common.Role;
import io.annotrail.domain.workspace.WorkspaceSummary;
import org.jspecify.annotations.NonNull;

/** A workspace as the browser sees it: plain string id (typed ids would become nested objects in TypeScript). */
public record WorkspaceItem(@NonNull String id, @NonNull String name, @NonNull Role role) {

    static WorkspaceItem of(WorkspaceSummary summary) {
        return new WorkspaceItem(summary.id().toString(), summary.name(), summary.role());
    }
}
