package io.annotrail.domain.task;

import io.annotrail.domain.common.*;

public record LeaseReleasedEvent(TaskId taskId, ProjectId projectId, LeaseId leaseId, UserId annotatorId) {
}
