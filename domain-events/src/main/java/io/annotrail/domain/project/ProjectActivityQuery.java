package io.annotrail.domain.project;

import io.annotrail.domain.common.ProjectId;

import java.time.Duration;
import java.time.Instant;

/**
 * Annotations submitted and reviewed in a project in [{@code since}, {@code until}), counted per {@code bucket} of
 * time (buckets aligned to multiples of the bucket length since the epoch), and each annotator's totals (all time).
 */
public record ProjectActivityQuery(ProjectId projectId, Instant since, Instant until, Duration bucket) {
}
