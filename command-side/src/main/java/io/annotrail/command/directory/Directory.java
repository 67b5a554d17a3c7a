package io.annotrail.command.directory;

import io.annotrail.domain.common.*;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command side's own lookup tables: memberships, project settings, schema versions, batch states and
 * the external-id, lease and annotation indices. They are written by a subscribing processor in the same
 * transaction as the events that change them, so a command always sees the effect of every earlier
 * command. Aggregates get it injected as a handler parameter for set-based rules and authorization.
 */
public interface Directory {

    record ProjectEntry(ProjectId projectId, WorkspaceId workspaceId, int overlap, int leaseSeconds,
                        ReviewPolicy reviewPolicy, int schemaVersion) {
    }

    record BatchEntry(BatchId batchId, ProjectId projectId, WorkspaceId workspaceId, BatchStatus status) {
    }

    boolean workspaceExists(WorkspaceId workspaceId);

    Optional<Role> roleOf(WorkspaceId workspaceId, UserId userId);

    Optional<ProjectEntry> project(ProjectId projectId);

    Optional<BatchEntry> batch(BatchId batchId);

    Optional<JsonNode> schema(ProjectId projectId, int version);

    Optional<TaskId> taskOfLease(LeaseId leaseId);

    Optional<TaskId> taskOfAnnotation(AnnotationId annotationId);

    /**
     * Claims an external id for a task in a project. Answers false when the project already has a task
     * with that external id (a duplicate). Safe under concurrent imports: the database's unique key decides.
     */
    boolean reserveExternalId(ProjectId projectId, String externalId, TaskId taskId);

    /**
     * Reserves many external ids at once (an import); answers the external ids that were reserved, in input order.
     * The ids must be distinct. Equivalent to calling {@link #reserveExternalId} for each, which is what this
     * default does; the JDBC directory does it in a few statements.
     */
    default List<String> reserveExternalIds(ProjectId projectId, Map<String, TaskId> taskByExternalId) {
        List<String> reserved = new ArrayList<>();
        taskByExternalId.forEach((externalId, taskId) -> {
            if (reserveExternalId(projectId, externalId, taskId)) {
                reserved.add(externalId);
            }
        });
        return reserved;
    }

    /**
     * Throws unless the user holds one of the allowed roles in the workspace. A non-member gets
     * {@code notFound} (so existence is not revealed); a member with another role gets FORBIDDEN.
     */
    default Role requireRole(WorkspaceId workspaceId, UserId userId, Set<Role> allowed, ErrorCode notFound) {
        Role role = roleOf(workspaceId, userId)
                .orElseThrow(() -> new DomainException(notFound, "not found"));
        if (!allowed.contains(role)) {
            throw new DomainException(ErrorCode.FORBIDDEN, "role " + role + " may not do this; needs one of " + allowed);
        }
        return role;
    }

    default boolean hasAnyRole(WorkspaceId workspaceId, UserId userId, Collection<Role> allowed) {
        return roleOf(workspaceId, userId).map(allowed::contains).orElse(false);
    }
}
