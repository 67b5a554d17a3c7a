package io.annotrail.app.web;

import io.annotrail.app.security.CurrentUser;
import io.annotrail.command.directory.Directory;
import io.annotrail.domain.common.*;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * Per-object permission checks for reads at the edge (writes are checked again by the aggregates). The rule:
 * a caller who is not a member of the workspace that owns an object is told the object does not exist (404);
 * a member whose role does not allow the action gets 403.
 */
@Component
public class Access {

    private final Directory directory;

    Access(Directory directory) {
        this.directory = directory;
    }

    public Role requireWorkspace(WorkspaceId workspaceId, Set<Role> allowed) {
        return directory.requireRole(workspaceId, CurrentUser.get().id(), allowed, ErrorCode.WORKSPACE_NOT_FOUND);
    }

    public Directory.ProjectEntry requireProject(ProjectId projectId, Set<Role> allowed) {
        Directory.ProjectEntry project = directory.project(projectId)
                .orElseThrow(() -> new DomainException(ErrorCode.PROJECT_NOT_FOUND, "no such project"));
        directory.requireRole(project.workspaceId(), CurrentUser.get().id(), allowed, ErrorCode.PROJECT_NOT_FOUND);
        return project;
    }

    public Directory.BatchEntry requireBatch(BatchId batchId, Set<Role> allowed) {
        Directory.BatchEntry batch = directory.batch(batchId)
                .orElseThrow(() -> new DomainException(ErrorCode.BATCH_NOT_FOUND, "no such batch"));
        directory.requireRole(batch.workspaceId(), CurrentUser.get().id(), allowed, ErrorCode.BATCH_NOT_FOUND);
        return batch;
    }

    public void requireTaskWorkspace(WorkspaceId workspaceId, Set<Role> allowed) {
        directory.requireRole(workspaceId, CurrentUser.get().id(), allowed, ErrorCode.TASK_NOT_FOUND);
    }

    public static final Set<Role> ANY_MEMBER = Set.of(Role.values());
}
