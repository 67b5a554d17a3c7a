package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;

public record LeaseView(LeaseId leaseId, UserId annotatorId, Instant claimedAt, Instant expiresAt, int schemaVersion, boolean rework) {
}
