package io.annotrail.app.infra;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A processing group's dead-letter queue whose enqueue cannot be what stops the processor.
 * <p>
 * The enqueue runs in the processor's transaction (so the letter commits with the token that moves past the event).
 * In PostgreSQL a failed insert aborts that transaction, and the processor would then retry the same batch for ever:
 * the read model stops for everyone. So the enqueue runs inside a savepoint; if the letter is refused, it is rolled
 * back to the savepoint and a bare letter is stored instead: the same event (its payload is bytes as in the event
 * store) with a cause that only says what happened, without the original message or diagnostics. Only a database
 * that refuses even that (down, or the table missing) fails the batch; the processor is then in error, retries with
 * back-off and carries on by itself once the database accepts writes again.
 */
final class ResilientDeadLetterQueue implements SequencedDeadLetterQueue<EventMessage<?>> {

    static final String BARE_CAUSE = "The original cause of this dead letter could not be stored (%s); it is in the "
            + "application log. Retrying the letter reproduces it.";
    private static final Logger log = LoggerFactory.getLogger(ResilientDeadLetterQueue.class);

    private final SequencedDeadLetterQueue<EventMessage<?>> delegate;
    private final DataSource dataSource;
    private final String processingGroup;

    ResilientDeadLetterQueue(SequencedDeadLetterQueue<EventMessage<?>> delegate, DataSource dataSource,
                             String processingGroup) {
        this.delegate = delegate;
        this.dataSource = dataSource;
        this.processingGroup = processingGroup;
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter) {
        try {
            inSavepoint(() -> delegate.enqueue(sequenceIdentifier, letter));
        } catch (EnqueueRefused refused) {
            log.error("Dead letter of event {} in {} was refused; storing it with a bare cause instead (original cause: {})",
                    letter.message().getIdentifier(), processingGroup,
                    letter.cause().map(Cause::message).orElse("none"), refused.getCause());
            try {
                inSavepoint(() -> delegate.enqueue(sequenceIdentifier, bare(letter, refused.getCause())));
            } catch (EnqueueRefused again) {
                throw again.getCause();
            }
        }
    }

    @Override
    public boolean enqueueIfPresent(Object sequenceIdentifier,
                                    Supplier<DeadLetter<? extends EventMessage<?>>> letterBuilder) {
        if (!delegate.contains(sequenceIdentifier)) {
            return false;
        }
        enqueue(sequenceIdentifier, letterBuilder.get());
        return true;
    }

    private static <M extends EventMessage<?>> DeadLetter<M> bare(DeadLetter<M> letter, RuntimeException refused) {
        String type = letter.cause().map(Cause::type).orElse(refused.getClass().getName());
        return letter.withCause(new ThrowableCause(type, BARE_CAUSE.formatted(refused.getClass().getName())))
                .withDiagnostics(MetaData.emptyInstance());
    }

    /**
     * Runs {@code action} in a savepoint of the surrounding transaction; a failure of the action is rolled back to
     * it and reported as {@link EnqueueRefused}. When no savepoint can be set, the transaction was already aborted by
     * the failed handler (the processor was not recovering, so handlers ran without savepoints): that exception
     * propagates, the batch is rolled back and retried with a savepoint per handler ({@link ProjectionRecovery}).
     */
    private void inSavepoint(Runnable action) {
        ConnectionHolder holder = (ConnectionHolder) TransactionSynchronizationManager.getResource(dataSource);
        if (holder == null || !holder.isSynchronizedWithTransaction()) {
            try {
                action.run(); // no surrounding transaction: a failed statement spoils nothing else
            } catch (RuntimeException e) {
                throw new EnqueueRefused(e);
            }
            return;
        }
        Savepoint savepoint;
        try {
            savepoint = holder.createSavepoint();
        } catch (SQLException e) {
            throw new IllegalStateException("the transaction was aborted before the dead letter could be stored; "
                    + "the batch is retried with a savepoint per handler", e);
        }
        try {
            action.run();
        } catch (RuntimeException e) {
            try {
                holder.getConnection().rollback(savepoint);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
                throw e;
            }
            throw new EnqueueRefused(e);
        }
        try {
            holder.getConnection().releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release the dead letter's savepoint", e);
        }
    }

    /** The queue refused a letter and the transaction is as it was before the attempt. */
    private static final class EnqueueRefused extends RuntimeException {
        EnqueueRefused(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    @Override
    public void evict(DeadLetter<? extends EventMessage<?>> letter) {
        delegate.evict(letter);
    }

    @Override
    public void requeue(DeadLetter<? extends EventMessage<?>> letter,
                        UnaryOperator<DeadLetter<? extends EventMessage<?>>> letterUpdater) {
        delegate.requeue(letter, letterUpdater);
    }

    @Override
    public boolean contains(Object sequenceIdentifier) {
        return delegate.contains(sequenceIdentifier);
    }

    @Override
    public Iterable<DeadLetter<? extends EventMessage<?>>> deadLetterSequence(Object sequenceIdentifier) {
        return delegate.deadLetterSequence(sequenceIdentifier);
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends EventMessage<?>>>> deadLetters() {
        return delegate.deadLetters();
    }

    @Override
    public boolean isFull(Object sequenceIdentifier) {
        return delegate.isFull(sequenceIdentifier);
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public long sequenceSize(Object sequenceIdentifier) {
        return delegate.sequenceSize(sequenceIdentifier);
    }

    @Override
    public long amountOfSequences() {
        return delegate.amountOfSequences();
    }

    @Override
    public boolean process(Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
                           Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> processingTask) {
        return delegate.process(sequenceFilter, processingTask);
    }

    @Override
    public void clear() {
        delegate.clear();
    }
}
