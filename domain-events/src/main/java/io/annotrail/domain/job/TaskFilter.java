package io.annotrail.domain.job;

import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.TaskStatus;

/** Which tasks of a project a job works on; a null member does not filter. */
public record TaskFilter(BatchId batchId, TaskStatus status) {

    public static final TaskFilter ALL = new TaskFilter(null, null);
}
