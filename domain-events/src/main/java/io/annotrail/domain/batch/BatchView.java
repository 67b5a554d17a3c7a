package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;

public record BatchView(BatchId batchId, ProjectId projectId, String name, BatchStatus status, int priority, long tasks) {
}
