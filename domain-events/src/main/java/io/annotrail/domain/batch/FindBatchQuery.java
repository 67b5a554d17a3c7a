package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;

/** Answers null when unknown. */
public record FindBatchQuery(BatchId batchId) {
}
