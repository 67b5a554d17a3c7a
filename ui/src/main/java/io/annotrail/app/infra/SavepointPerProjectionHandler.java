package io.annotrail.app.infra;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Savepoint;

/**
 * While a processor recovers from a failed batch ({@link ProjectionRecovery}), runs each of its event handlers
 * inside a savepoint of the processor's transaction.
 * <p>
 * Why: in PostgreSQL one failed statement aborts the whole transaction. Without a savepoint, a handler that
 * fails would leave the processor's transaction unusable, so the dead-letter queue could not record the
 * failure in it and every other event of the batch would fail with it. Rolling back to the savepoint undoes
 * exactly the failed handler's writes (a handler is all or nothing), and the dead letter is then stored in the
 * same transaction as the token that moves past it: the event is parked, never skipped.
 * <p>
 * Only handlers of streaming projections ({@code @ProcessingGroup} classes) are wrapped; the command side's
 * subscribing lookup handlers must fail the command instead.
 */
@Component
class SavepointPerProjectionHandler implements HandlerEnhancerDefinition {

    static final String COMMAND_DIRECTORY = "command-directory";

    private final DataSource dataSource;
    private final ProjectionRecovery recovery;

    SavepointPerProjectionHandler(DataSource dataSource, ProjectionRecovery recovery) {
        this.dataSource = dataSource;
        this.recovery = recovery;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        ProcessingGroup group = original.declaringClass().getAnnotation(ProcessingGroup.class);
        if (group == null || COMMAND_DIRECTORY.equals(group.value())
                || !original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        String processor = group.value();
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                ConnectionHolder holder = (ConnectionHolder) TransactionSynchronizationManager.getResource(dataSource);
                if (holder == null || !holder.isSynchronizedWithTransaction() || !recovery.recovering(processor)) {
                    return super.handle(message, target);
                }
                Savepoint savepoint = holder.createSavepoint();
                try {
                    Object result = super.handle(message, target);
                    holder.getConnection().releaseSavepoint(savepoint);
                    return result;
                } catch (Exception | Error e) {
                    holder.getConnection().rollback(savepoint);
                    throw e;
                }
            }
        };
    }
}
