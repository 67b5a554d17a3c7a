package io.annotrail.command.assignment;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.TaskFilter;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where a bulk assignment finds its tasks. Answers are only proposals: each reservation is decided by the task
 * aggregate, so a candidate list that is a little behind can cause a skip but never a wrong reservation.
 * Tasks come in external-id order (binary, unique per project), which makes the position of an assignment a
 * single string and the selection the same on every run.
 */
public interface AssignmentCandidates {

    /** A task to consider; engaged names those of the job's annotators who already work on it or hold a slot. */
    record Candidate(TaskId taskId, String externalId, List<UserId> engaged) {
    }

    long count(ProjectId projectId, TaskFilter filter);

    /** Up to {@code max} tasks whose external id sorts after {@code after} (null: from the first). */
    List<Candidate> next(ProjectId projectId, TaskFilter filter, String after, int max, Collection<UserId> annotators);

    /** Open reservations and live leases in the project per annotator (absent: none). */
    Map<UserId, Long> load(ProjectId projectId, Collection<UserId> annotators);
}
