package io.annotrail.domain.job;

import java.time.Instant;

public record JobCancelledEvent(JobId jobId, Instant cancelledAt) {
}
