package io.annotrail.command.directory;

import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A directory held in maps, filled by the test through its fluent setters. */
public class InMemoryDirectory implements Directory {

    private record MemberKey(WorkspaceId workspaceId, UserId userId) {
    }

    private record SchemaKey(ProjectId projectId, int version) {
    }

    private record ExternalKey(ProjectId projectId, String externalId) {
    }

    private final Set<WorkspaceId> workspaces = new HashSet<>();
    private final Map<MemberKey, Role> members = new HashMap<>();
    private final Map<ProjectId, ProjectEntry> projects = new HashMap<>();
    private final Map<BatchId, BatchEntry> batches = new HashMap<>();
    private final Map<SchemaKey, JsonNode> schemas = new HashMap<>();
    private final Map<ExternalKey, TaskId> externalIds = new HashMap<>();
    private final Map<LeaseId, TaskId> leases = new HashMap<>();
    private final Map<AnnotationId, TaskId> annotations = new HashMap<>();

    public InMemoryDirectory workspace(WorkspaceId workspaceId) {
        workspaces.add(workspaceId);
        return this;
    }

    public InMemoryDirectory member(WorkspaceId workspaceId, UserId userId, Role role) {
        workspaces.add(workspaceId);
        members.put(new MemberKey(workspaceId, userId), role);
        return this;
    }

    public InMemoryDirectory project(ProjectEntry entry) {
        projects.put(entry.projectId(), entry);
        return this;
    }

    public InMemoryDirectory schema(ProjectId projectId, int version, JsonNode schema) {
        schemas.put(new SchemaKey(projectId, version), schema);
        return this;
    }

    public InMemoryDirectory batch(BatchEntry entry) {
        batches.put(entry.batchId(), entry);
        return this;
    }

    public InMemoryDirectory batchStatus(BatchId batchId, BatchStatus status) {
        BatchEntry entry = batches.get(batchId);
        batches.put(batchId, new BatchEntry(batchId, entry.projectId(), entry.workspaceId(), status));
        return this;
    }

    public InMemoryDirectory externalId(ProjectId projectId, String externalId, TaskId taskId) {
        externalIds.put(new ExternalKey(projectId, externalId), taskId);
        return this;
    }

    public Optional<TaskId> taskOfExternalId(ProjectId projectId, String externalId) {
        return Optional.ofNullable(externalIds.get(new ExternalKey(projectId, externalId)));
    }

    @Override
    public boolean workspaceExists(WorkspaceId workspaceId) {
        return workspaces.contains(workspaceId);
    }

    @Override
    public Optional<Role> roleOf(WorkspaceId workspaceId, UserId userId) {
        return Optional.ofNullable(members.get(new MemberKey(workspaceId, userId)));
    }

    @Override
    public Optional<ProjectEntry> project(ProjectId projectId) {
        return Optional.ofNullable(projects.get(projectId));
    }

    @Override
    public Optional<BatchEntry> batch(BatchId batchId) {
        return Optional.ofNullable(batches.get(batchId));
    }

    @Override
    public Optional<JsonNode> schema(ProjectId projectId, int version) {
        return Optional.ofNullable(schemas.get(new SchemaKey(projectId, version)));
    }

    @Override
    public Optional<TaskId> taskOfLease(LeaseId leaseId) {
        return Optional.ofNullable(leases.get(leaseId));
    }

    @Override
    public Optional<TaskId> taskOfAnnotation(AnnotationId annotationId) {
        return Optional.ofNullable(annotations.get(annotationId));
    }

    @Override
    public boolean reserveExternalId(ProjectId projectId, String externalId, TaskId taskId) {
        return externalIds.putIfAbsent(new ExternalKey(projectId, externalId), taskId) == null;
    }
}
