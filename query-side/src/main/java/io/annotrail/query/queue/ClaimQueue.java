package io.annotrail.query.queue;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;

import java.util.Collection;
import java.util.Optional;

/**
 * The claimable-work read model, kept apart from the task table so that picking the next task stays an
 * index lookup on a small table however large a project grows.
 */
public interface ClaimQueue {

    /**
     * Picks and row-locks ({@code FOR UPDATE SKIP LOCKED}) the best candidate for the user: first a
     * rework slot reserved for them, then a slot a bulk assignment reserved for them, then the claimable task of highest batch priority, oldest first,
     * that they hold no lease on and have not annotated or skipped. Must run inside a transaction; the
     * lock keeps concurrent claimers off the same row until that transaction ends. The answer is only a
     * candidate: the task aggregate decides.
     *
     * @param exclude tasks already tried in this claim attempt
     */
    Optional<TaskId> lockNextCandidate(ProjectId projectId, UserId userId, Collection<TaskId> exclude);
}
