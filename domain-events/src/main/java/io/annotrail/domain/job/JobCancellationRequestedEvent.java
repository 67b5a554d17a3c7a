package io.annotrail.domain.job;

import io.annotrail.domain.common.UserId;

import java.time.Instant;

public record JobCancellationRequestedEvent(JobId jobId, UserId requestedBy, Instant requestedAt) {
}
