package io.annotrail.domain.task;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.job.JobId;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A model's suggestion for the task, valid against response schema version {@code schemaVersion}, with its full
 * provenance: the job, the model, the prompt (id and SHA-256 of the template), the sampling parameters, the
 * provider's request id, the token usage, the latency of the successful call and why the model stopped. It only
 * pre-fills annotators' forms; it is never an annotation.
 */
public record SuggestionRecordedEvent(TaskId taskId, ProjectId projectId, JobId jobId, JsonNode suggestion,
                                      String model, String promptId, String promptHash, JsonNode parameters,
                                      String requestId, long promptTokens, long completionTokens, long latencyMs,
                                      String finishReason, int schemaVersion, Instant recordedAt) {
}
