package io.annotrail.domain.job;

public record JobProgressedEvent(JobId jobId, long done, long total, long failed) {
}
