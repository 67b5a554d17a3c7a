package io.annotrail.domain.task;

import io.annotrail.domain.common.*;

/** Every event of a task in sequence order; empty when unknown. */
public record TaskHistoryQuery(TaskId taskId) {
}
