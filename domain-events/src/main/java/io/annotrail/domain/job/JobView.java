package io.annotrail.domain.job;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

/** A job as the read model knows it; finishedAt, result and error are null while it runs. */
public record JobView(JobId jobId, JobType type, JobStatus status, WorkspaceId workspaceId, ProjectId projectId,
                      UserId requestedBy, long done, long total, long failed, boolean cancellationRequested,
                      Instant startedAt, Instant finishedAt, JsonNode result, String error) {
}
