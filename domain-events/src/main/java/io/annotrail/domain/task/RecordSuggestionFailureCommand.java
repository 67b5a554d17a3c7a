package io.annotrail.domain.task;

import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.JobId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A pre-labelling job could not get a usable suggestion for the task (no reply after the retries, a refusal, a reply
 * that is not JSON). requestId, finishReason and the token counts are those of the last attempt, when known.
 */
public record RecordSuggestionFailureCommand(@TargetAggregateIdentifier TaskId taskId, JobId jobId, String reason,
                                             String model, String promptId, String promptHash, String requestId,
                                             long promptTokens, long completionTokens, long latencyMs,
                                             String finishReason, UserId actor) {
}
