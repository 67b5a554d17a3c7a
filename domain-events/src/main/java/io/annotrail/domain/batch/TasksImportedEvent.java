package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;

/** Summary of one import; the tasks themselves are TaskCreatedEvents. */
public record TasksImportedEvent(BatchId batchId, ProjectId projectId, int accepted, int duplicates) {
}
