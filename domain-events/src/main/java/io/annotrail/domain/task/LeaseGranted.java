package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;

/** Answer to a successful claim. */
public record LeaseGranted(TaskId taskId, LeaseId leaseId, Instant expiresAt, int schemaVersion) {
}
