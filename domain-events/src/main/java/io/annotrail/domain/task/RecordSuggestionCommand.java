package io.annotrail.domain.task;

import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.JobId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import tools.jackson.databind.JsonNode;

/**
 * A model's reply for a task, sent by a pre-labelling job. The task validates the suggestion against schema version
 * {@code schemaVersion} and records it, or records a failed suggestion when it does not match; a job that already
 * recorded an outcome for this task applies nothing (a retried or repeated call after a restart).
 * parameters are the request's sampling parameters (temperature, token limit, response format).
 */
public record RecordSuggestionCommand(@TargetAggregateIdentifier TaskId taskId, JobId jobId, JsonNode suggestion,
                                      String model, String promptId, String promptHash, JsonNode parameters,
                                      String requestId, long promptTokens, long completionTokens, long latencyMs,
                                      String finishReason, int schemaVersion, UserId actor) {
}
