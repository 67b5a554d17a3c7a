package io.annotrail.command.prelabel;

import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.TaskId;

import java.util.List;

/**
 * Where a pre-labelling job finds its tasks: the batch's tasks in external-id order (unique per project, so the
 * position of a job is one string and every run walks the same order). Answers are proposals from a read model; a
 * task asked although it got a suggestion a moment ago just gets a newer one, and the task aggregate records at most
 * one outcome per job.
 */
public interface PrelabelCandidates {

    record Candidate(TaskId taskId, String externalId) {
    }

    /** Every task of the batch. */
    long count(BatchId batchId);

    /** Tasks of the batch that have a recorded suggestion already (they are not asked again). */
    long countSuggested(BatchId batchId);

    /** Up to {@code max} tasks without a suggestion whose external id sorts after {@code after} (null: the first). */
    List<Candidate> next(BatchId batchId, String after, int max);
}
