package io.annotrail.command.task;

import io.annotrail.command.infra.Conflicts;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.task.ClaimTaskCommand;
import io.annotrail.domain.task.LeaseGranted;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Claim-next, decided on the command side: one transaction picks the caller's best candidate from the
 * claimable-slot table ({@link ClaimableSlots}) and sends the claim to that task's aggregate, whose events update
 * the same row before the transaction commits.
 * <p>
 * The aggregate stays the one place that decides a claim (leases, fencing, rework, reservations, batch state):
 * the slot table is a fold of its events written in the same transaction, so it can never disagree with committed
 * state, and keeping the rules in one place means the table only has to be exact enough to make refusals rare.
 * <p>
 * Claimers spread with a transaction-scoped advisory lock per task taken with "try" semantics inside the
 * candidate query, not with a row lock: the row is also written by every command on that task, and such a command
 * holds the aggregate's lock while it waits for the row, so a claimer holding the row while waiting for the
 * aggregate would deadlock with it. Only claim-next takes the advisory lock, so no other claim on the task can
 * commit while a claimer holds it; the candidate is then re-read with a fresh snapshot (the candidate query's
 * snapshot may predate a claim that committed while the query ran). What can still change underneath is a pause,
 * a close or a reservation on that task: then the aggregate refuses, the transaction rolls back and the next
 * candidate is tried.
 */
@Service
public class ClaimNext {

    /** Refusals that mean "this candidate, not you": try the next one. */
    private static final Set<ErrorCode> STALE_CANDIDATE = EnumSet.of(ErrorCode.TASK_FULL,
            ErrorCode.TASK_ALREADY_PARTICIPATED, ErrorCode.ALREADY_HOLDING_LEASE, ErrorCode.TASK_COMPLETED,
            ErrorCode.BATCH_NOT_OPEN, ErrorCode.CONCURRENT_MODIFICATION);

    static final int MAX_ATTEMPTS = 32;

    /** Advisory lock class of claim-next (two-key form, so it never meets the append lock's one-key space). */
    static final int LOCK_CLASS = 0x736c6f74; // "slot"

    /**
     * Candidates per branch that the advisory-lock filter may walk past; more than the connection pool can have
     * claimers in flight, so a locked-out claimer never sees an empty page while free work exists.
     */
    static final int CANDIDATES = 100;

    // Owed reworks first, then reserved slots, then free slots; each branch in hand-out order. UNION ALL runs its
    // branches in order and the outer LIMIT stops at the first task whose advisory lock was free; the lock call is
    // volatile, so PostgreSQL evaluates it only here, after every other condition, one row at a time.
    private static final String CANDIDATE = """
            SELECT c.task_id FROM (
                (SELECT t.task_id, 0 AS branch FROM cmd_claimable_user u
                   JOIN cmd_claimable_task t ON t.task_id = u.task_id
                  WHERE u.user_id = ? AND u.lease_id IS NULL AND (u.rework_owed OR u.reserved)
                    AND t.project_id = ? AND t.batch_open AND t.task_id <> ALL (?::uuid[])
                  ORDER BY u.rework_owed DESC, t.priority DESC, t.position
                  LIMIT %1$d)
                UNION ALL
                (SELECT t.task_id, 1 AS branch FROM cmd_claimable_task t
                  WHERE t.project_id = ? AND t.batch_open AND t.free_slots > 0 AND t.task_id <> ALL (?::uuid[])
                    AND NOT EXISTS (SELECT 1 FROM cmd_claimable_user u WHERE u.task_id = t.task_id AND u.user_id = ?)
                  ORDER BY t.priority DESC, t.position
                  LIMIT %1$d)
            ) c
            WHERE pg_try_advisory_xact_lock(%2$d, hashtext(c.task_id::text))
            LIMIT 1""".formatted(CANDIDATES, LOCK_CLASS);

    private static final String STILL_CLAIMABLE = """
            SELECT count(*) FROM cmd_claimable_task t
              LEFT JOIN cmd_claimable_user u ON u.task_id = t.task_id AND u.user_id = ?
             WHERE t.task_id = ? AND t.batch_open
               AND ((u.user_id IS NULL AND t.free_slots > 0)
                    OR (u.lease_id IS NULL AND (u.rework_owed OR u.reserved)))""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AtomicLong refusals = new AtomicLong();

    ClaimNext(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Claims the caller's next task, or answers empty when there is nothing they may take.
     *
     * @param send sends the claim to the aggregate with the edge's metadata (actor, correlation) and answers its
     *             result or throws its {@link DomainException}
     */
    public Optional<LeaseGranted> claim(ProjectId projectId, UserId user, Function<ClaimTaskCommand, LeaseGranted> send) {
        Set<UUID> tried = new LinkedHashSet<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Attempt outcome = transactions.execute(status -> {
                Optional<TaskId> candidate = lockCandidate(projectId, user, tried);
                if (candidate.isEmpty()) {
                    return Attempt.NOTHING;
                }
                try {
                    return new Attempt(send.apply(new ClaimTaskCommand(candidate.get(), LeaseId.random(), user)), null);
                } catch (DomainException e) {
                    if (!STALE_CANDIDATE.contains(e.code())) {
                        throw e;
                    }
                    status.setRollbackOnly();
                    return new Attempt(null, candidate.get());
                } catch (RuntimeException e) {
                    if (!Conflicts.isConcurrencyConflict(e)) {
                        throw e;
                    }
                    // Another instance's command on this task committed first.
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
            refusals.incrementAndGet();
            tried.add(outcome.refused().value());
        }
        return Optional.empty();
    }

    /** Claims the aggregate refused since start: each cost a rolled-back transaction. Rare by design. */
    public long refusals() {
        return refusals.get();
    }

    /** Locks the best candidate that is still claimable by the caller with a fresh snapshot; skips the rest. */
    Optional<TaskId> lockCandidate(ProjectId projectId, UserId user, Set<UUID> tried) {
        while (true) {
            UUID[] excluded = tried.toArray(UUID[]::new);
            Optional<UUID> candidate = jdbc.sql(CANDIDATE)
                    .params(user.value(), projectId.value(), excluded, projectId.value(), excluded, user.value())
                    .query(UUID.class).optional();
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            boolean claimable = jdbc.sql(STILL_CLAIMABLE)
                    .params(user.value(), candidate.get())
                    .query(Long.class).single() > 0;
            if (claimable) {
                return Optional.of(new TaskId(candidate.get()));
            }
            tried.add(candidate.get());
        }
    }

    private record Attempt(LeaseGranted granted, TaskId refused) {
        static final Attempt NOTHING = new Attempt(null, null);
    }
}
