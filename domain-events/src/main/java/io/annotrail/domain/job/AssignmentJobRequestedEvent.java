package io.annotrail.domain.job;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;

import java.util.List;

/** Starts the assignment saga; carries the request's parameters. */
public record AssignmentJobRequestedEvent(JobId jobId, WorkspaceId workspaceId, ProjectId projectId,
                                          List<UserId> annotators, TaskFilter filter, AssignmentStrategy strategy,
                                          int limit, UserId requestedBy) {
}
