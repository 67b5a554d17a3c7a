package io.annotrail.command.export;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.ExportFormat;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.TaskFilter;

import java.util.List;

/** One export: which tasks, as of which event position, in which shape. */
record ExportSpec(JobId jobId, ProjectId projectId, ExportFormat format, List<String> include, TaskFilter filter,
                  long eventPosition, UserId requestedBy) {

    boolean includes(String part) {
        return include == null || include.isEmpty() || include.contains(part);
    }

    /** One file per job: a rerun after a restart rewrites the same key with the same bytes. */
    String assetKey() {
        return "exports/" + jobId + (format == ExportFormat.CSV ? ".csv" : ".jsonl");
    }

    String fileName() {
        return "export-" + projectId + "-" + eventPosition + (format == ExportFormat.CSV ? ".csv" : ".jsonl");
    }

    String contentType() {
        return format == ExportFormat.CSV ? "text/csv" : "application/x-ndjson";
    }
}
