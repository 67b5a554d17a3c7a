package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;

/** Applied by the platform itself when the lease deadline fires. */
public record LeaseExpiredEvent(TaskId taskId, ProjectId projectId, LeaseId leaseId, UserId annotatorId, Instant expiredAt) {
}
