package io.annotrail.domain.task;

import io.annotrail.domain.common.*;

public record TaskSkippedEvent(TaskId taskId, ProjectId projectId, LeaseId leaseId, UserId annotatorId, String reason) {
}
