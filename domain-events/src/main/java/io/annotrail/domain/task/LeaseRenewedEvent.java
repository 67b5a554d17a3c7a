package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;

public record LeaseRenewedEvent(TaskId taskId, ProjectId projectId, LeaseId leaseId, UserId annotatorId, Instant expiresAt) {
}
