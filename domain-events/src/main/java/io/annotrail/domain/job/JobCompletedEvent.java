package io.annotrail.domain.job;

import tools.jackson.databind.JsonNode;

import java.time.Instant;

/** result is type specific (assignment report, export file facts). */
public record JobCompletedEvent(JobId jobId, JsonNode result, Instant completedAt) {
}
