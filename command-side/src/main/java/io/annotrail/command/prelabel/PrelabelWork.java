package io.annotrail.command.prelabel;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.JobId;

import java.util.List;

/** Tasks of one pre-labelling job to ask the model about, with everything the job pinned. */
record PrelabelWork(JobId jobId, ProjectId projectId, String model, String promptId, String promptHash,
                    String promptTemplate, String instructions, int schemaVersion, UserId requestedBy,
                    List<TaskId> tasks) {
}
