package io.annotrail.command.export;

import io.annotrail.domain.job.JobId;

/** Payload of the export saga's watchdog deadline: no progress was reported for a while. */
public record ExportStalled(JobId jobId) {
}
