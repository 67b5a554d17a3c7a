package io.annotrail.domain.job;

import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;

/**
 * Starts the pre-labelling saga. The prompt template's text, its hash and the response schema version are pinned
 * here, so every suggestion of the job is made with the same prompt and constrained by the same schema, and the
 * event log says exactly which prompt that was.
 */
public record PrelabelJobRequestedEvent(JobId jobId, WorkspaceId workspaceId, ProjectId projectId, BatchId batchId,
                                        String model, String promptId, String promptHash, String promptTemplate,
                                        String instructions, int schemaVersion, UserId requestedBy) {
}
