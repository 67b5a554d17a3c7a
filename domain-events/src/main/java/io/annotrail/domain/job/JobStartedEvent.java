package io.annotrail.domain.job;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;

import java.time.Instant;

public record JobStartedEvent(JobId jobId, JobType type, WorkspaceId workspaceId, ProjectId projectId,
                              UserId requestedBy, Instant startedAt) {
}
