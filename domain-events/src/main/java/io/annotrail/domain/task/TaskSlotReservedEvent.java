package io.annotrail.domain.task;

import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.JobId;

import java.time.Instant;

/** A slot held for one assignee until their claim consumes it. */
public record TaskSlotReservedEvent(TaskId taskId, ProjectId projectId, BatchId batchId, UserId assignee, JobId jobId,
                                    Instant reservedAt) {
}
