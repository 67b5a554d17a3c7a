package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;

public record ListBatchesQuery(ProjectId projectId) {
}
