package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;

public record BatchPriorityChangedEvent(BatchId batchId, ProjectId projectId, int priority) {
}
