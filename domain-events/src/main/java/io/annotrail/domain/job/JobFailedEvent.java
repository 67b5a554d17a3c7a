package io.annotrail.domain.job;

import java.time.Instant;

public record JobFailedEvent(JobId jobId, String reason, Instant failedAt) {
}
