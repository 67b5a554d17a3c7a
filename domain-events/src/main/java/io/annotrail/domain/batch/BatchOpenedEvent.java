package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;

public record BatchOpenedEvent(BatchId batchId, ProjectId projectId) {
}
