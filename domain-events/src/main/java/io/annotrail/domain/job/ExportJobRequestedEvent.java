package io.annotrail.domain.job;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;

import java.util.List;

/** Starts the export saga; eventPosition is null when the request asked for "now". */
public record ExportJobRequestedEvent(JobId jobId, WorkspaceId workspaceId, ProjectId projectId, ExportFormat format,
                                      List<String> include, TaskFilter filter, Long eventPosition,
                                      UserId requestedBy) {
}
