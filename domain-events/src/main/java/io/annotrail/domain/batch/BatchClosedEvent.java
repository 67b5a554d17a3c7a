package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;

public record BatchClosedEvent(BatchId batchId, ProjectId projectId) {
}
