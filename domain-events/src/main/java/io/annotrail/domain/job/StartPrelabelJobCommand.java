package io.annotrail.domain.job;

import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks a model for one suggestion per task of the batch. The edge loads the prompt template and passes its text
 * with its version (the SHA-256 of the template file's bytes) and the project's instructions, so the job works
 * with exactly what was current at the request, whatever changes on disk later.
 */
public record StartPrelabelJobCommand(@TargetAggregateIdentifier JobId jobId, BatchId batchId, String model,
                                      String promptId, String promptHash, String promptTemplate,
                                      String instructions, UserId actor) {
}
