package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;

public record BatchPausedEvent(BatchId batchId, ProjectId projectId) {
}
