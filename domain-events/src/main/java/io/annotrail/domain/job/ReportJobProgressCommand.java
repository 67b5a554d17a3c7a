package io.annotrail.domain.job;

import io.annotrail.domain.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Absolute counters (not increments), so a repeated report is harmless. */
public record ReportJobProgressCommand(@TargetAggregateIdentifier JobId jobId, long done, long total, long failed,
                                       UserId actor) {
}
