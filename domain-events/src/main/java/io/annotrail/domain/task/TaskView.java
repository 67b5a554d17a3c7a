package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Full state of a task; version is the sequence number of the last event folded in. */
public record TaskView(TaskId taskId, ProjectId projectId, WorkspaceId workspaceId, BatchId batchId, String externalId, TaskStatus status, JsonNode data, int overlap, List<LeaseView> leases, List<AnnotationView> annotations, List<ReviewView> reviews, JsonNode suggestion, long version, Instant createdAt, Instant updatedAt) {
}
