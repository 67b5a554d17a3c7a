package io.annotrail.command.prelabel;

import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.job.JobId;
import tools.jackson.databind.JsonNode;

import java.util.Optional;

/** A task's input data, and whether a job already recorded an outcome for it; read from the task's own events. */
public interface TaskSource {

    record TaskInput(TaskId taskId, JsonNode data, boolean answered) {
    }

    /** Empty when the task does not exist. */
    Optional<TaskInput> load(TaskId taskId, JobId jobId);
}
