package io.annotrail.command.task;

import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.TaskId;

/** Payload of the {@value Task#LEASE_EXPIRY} deadline scheduled for every granted or renewed lease. */
public record LeaseExpiryDue(TaskId taskId, LeaseId leaseId) {
}
