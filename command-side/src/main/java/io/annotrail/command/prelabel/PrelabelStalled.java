package io.annotrail.command.prelabel;

import io.annotrail.domain.job.JobId;

/** Payload of the pre-labelling saga's watchdog deadline: no task of the job was answered for a while. */
public record PrelabelStalled(JobId jobId) {
}
