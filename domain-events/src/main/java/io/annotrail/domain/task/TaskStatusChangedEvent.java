package io.annotrail.domain.task;

import io.annotrail.domain.common.*;

/** Emitted whenever the derived status changes, so no reader re-derives it. */
public record TaskStatusChangedEvent(TaskId taskId, ProjectId projectId, BatchId batchId, TaskStatus previousStatus, TaskStatus status) {
}
