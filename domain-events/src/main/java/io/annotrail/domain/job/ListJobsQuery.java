package io.annotrail.domain.job;

import io.annotrail.domain.common.ProjectId;

/** A project's most recent jobs, newest first, at most {@code limit} (1..100). */
public record ListJobsQuery(ProjectId projectId, int limit) {
}
