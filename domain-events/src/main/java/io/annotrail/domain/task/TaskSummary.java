package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;

public record TaskSummary(TaskId taskId, BatchId batchId, String externalId, TaskStatus status, int annotations, int activeLeases, Instant updatedAt) {
}
