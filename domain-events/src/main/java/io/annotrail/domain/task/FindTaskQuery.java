package io.annotrail.domain.task;

import io.annotrail.domain.common.*;

/** Current state of a task from its read model; answers null when unknown. */
public record FindTaskQuery(TaskId taskId) {
}
