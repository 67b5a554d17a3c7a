package io.annotrail.domain.task;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.job.JobId;

import java.time.Instant;

/**
 * A pre-labelling job got no usable suggestion for the task: the reply did not parse or did not match the pinned
 * schema, or the endpoint failed after the retries. Nothing is attached to the task; the event keeps the provenance
 * of the attempt (token counts included, since a rejected reply was still paid for).
 */
public record SuggestionFailedEvent(TaskId taskId, ProjectId projectId, JobId jobId, String reason, String model,
                                    String promptId, String promptHash, String requestId, long promptTokens,
                                    long completionTokens, long latencyMs, String finishReason, Instant failedAt) {
}
