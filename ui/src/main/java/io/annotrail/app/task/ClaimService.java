package io.annotrail.app.task;

import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.app.web.ReadConsistency;
import io.annotrail.domain.common.*;
import io.annotrail.domain.task.ClaimTaskCommand;
import io.annotrail.domain.task.LeaseGranted;
import io.annotrail.query.queue.ClaimQueue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Claim-next. The queue read model proposes a candidate and row-locks it with SKIP LOCKED, so concurrent
 * claimers spread over different tasks instead of queueing on one; the task aggregate then decides, in the same
 * transaction. A candidate the aggregate refuses (the queue was a little behind: the task filled up, the batch
 * was paused, the caller already worked on it) is remembered and the next one tried, so a stale queue entry never
 * reaches the user as an error.
 */
@Service
class ClaimService {

    static final int MAX_ATTEMPTS = 32;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClaimService.class);

    /** Refusals that mean "this candidate, not you": try the next one. */
    private static final Set<ErrorCode> STALE_CANDIDATE = EnumSet.of(ErrorCode.TASK_FULL,
            ErrorCode.TASK_ALREADY_PARTICIPATED, ErrorCode.ALREADY_HOLDING_LEASE, ErrorCode.TASK_COMPLETED,
            ErrorCode.BATCH_NOT_OPEN, ErrorCode.CONCURRENT_MODIFICATION);

    private final ClaimQueue queue;
    private final Gateways gateways;
    private final Access access;
    private final ReadConsistency readConsistency;
    private final TransactionTemplate transactions;

    ClaimService(ClaimQueue queue, Gateways gateways, Access access, ReadConsistency readConsistency,
                 PlatformTransactionManager transactionManager) {
        this.queue = queue;
        this.gateways = gateways;
        this.access = access;
        this.readConsistency = readConsistency;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    Optional<LeaseGranted> claimNext(ProjectId projectId) {
        access.requireProject(projectId, Role.ANNOTATING);
        UserId user = CurrentUser.get().id();
        Set<TaskId> tried = new HashSet<>();
        // Fast path: claim from the queue as it is (a stale candidate is refused by the aggregate and skipped).
        // Only when the queue has nothing for the caller do we wait for it to catch up with every committed
        // event and look again, so work imported or reopened a moment ago is never answered with 204.
        Optional<LeaseGranted> granted = claimFromQueue(projectId, user, tried);
        if (granted.isPresent()) {
            return granted;
        }
        log.debug("claim-next: nothing in the queue for {} (tried {}); waiting for the queue projection", user, tried.size());
        readConsistency.await("queue");
        return claimFromQueue(projectId, user, tried);
    }

    private Optional<LeaseGranted> claimFromQueue(ProjectId projectId, UserId user, Set<TaskId> tried) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Attempt outcome = transactions.execute(status -> {
                Optional<TaskId> candidate = queue.lockNextCandidate(projectId, user, tried);
                if (candidate.isEmpty()) {
                    return Attempt.NOTHING;
                }
                try {
                    LeaseGranted granted = gateways.send(new ClaimTaskCommand(candidate.get(), LeaseId.random(), user));
                    return new Attempt(granted, null);
                } catch (DomainException e) {
                    if (!STALE_CANDIDATE.contains(e.code())) {
                        throw e;
                    }
                    status.setRollbackOnly();
                    return new Attempt(null, candidate.get());
                } catch (RuntimeException e) {
                    if (!Gateways.isConcurrencyConflict(e)) {
                        throw e;
                    }
                    // Someone else's command on this task committed first; try another candidate.
                    status.setRollbackOnly();
                    return new Attempt(null, candidate.get());
                }
            });
            if (outcome == null || outcome == Attempt.NOTHING) {
                return Optional.empty();
            }
            if (outcome.granted() != null) {
                return Optional.of(outcome.granted());
            }
            tried.add(outcome.refused());
        }
        return Optional.empty();
    }

    private record Attempt(LeaseGranted granted, TaskId refused) {
        static final Attempt NOTHING = new Attempt(null, null);
    }
}
