package io.annotrail.domain.task;

import io.annotrail.domain.common.ProjectId;

/** Tasks of a project with at least one annotation waiting for review, the longest-waiting first. */
public record ReviewQueueQuery(ProjectId projectId, int page, int size) {
}
