package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;

public record TaskClaimedEvent(TaskId taskId, ProjectId projectId, LeaseId leaseId, UserId annotatorId, Instant claimedAt, Instant expiresAt, int schemaVersion, boolean rework) {
}
