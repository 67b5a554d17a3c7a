package io.annotrail.domain.task;

import io.annotrail.domain.common.*;

/** A page of task summaries; status and batchId are optional filters. */
public record ListTasksQuery(ProjectId projectId, TaskStatus status, BatchId batchId, int page, int size) {
}
