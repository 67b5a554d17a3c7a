package io.annotrail.domain.job;

/** A job from its read model; answers null when unknown. */
public record FindJobQuery(JobId jobId) {
}
