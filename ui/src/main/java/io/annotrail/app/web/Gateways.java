package io.annotrail.app.web;

import io.annotrail.app.security.CurrentUser;
import io.annotrail.command.infra.Conflicts;
import io.annotrail.domain.common.DomainError;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.UserId;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The edge's way into the domain: commands go out with the caller as {@code actor} and the request's
 * correlation id in their metadata; domain errors come back as {@link DomainException}s whatever bus carried
 * them. Optimistic-concurrency conflicts (two nodes appending to one aggregate) are retried a few times.
 */
@Component
public class Gateways {

    private static final int CONCURRENCY_RETRIES = 5;

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final ReadConsistency readConsistency;

    Gateways(CommandGateway commandGateway, QueryGateway queryGateway, ReadConsistency readConsistency) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.readConsistency = readConsistency;
    }

    public <R> R send(Object command) {
        return sendAs(CurrentUser.get().id(), command);
    }

    /**
     * Sends a command on behalf of an actor other than the caller. Only for the platform's own work done outside a
     * user's request (provisioning an OIDC user's group roles, see {@code OidcIdentities}); the aggregates still
     * authorize the actor, so this grants nothing the actor could not do itself.
     */
    public <R> R sendAs(UserId actor, Object command) {
        MetaData metaData = MetaData.from(Map.of(
                "actor", actor.toString(),
                "correlationId", correlationId()));
        for (int attempt = 1; ; attempt++) {
            try {
                return commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
            } catch (CommandExecutionException e) {
                var details = e.getDetails();
                if (details.isPresent() && details.get() instanceof DomainError error) {
                    throw error.toException();
                }
                if (e.getCause() instanceof DomainException domain) {
                    throw domain;
                }
                throw e;
            } catch (RuntimeException e) {
                // Inside a caller's transaction the conflict must surface: that transaction is spoilt and the
                // caller decides (claim-next moves on to another candidate).
                if (!isConcurrencyConflict(e) || attempt >= CONCURRENCY_RETRIES
                        || TransactionSynchronizationManager.isActualTransactionActive()) {
                    throw e;
                }
            }
        }
    }

    /** See {@link Conflicts#isConcurrencyConflict}. */
    public static boolean isConcurrencyConflict(Throwable e) {
        return Conflicts.isConcurrencyConflict(e);
    }

    /** Asks a query after the named projections have caught up with every event committed before this call. */
    public <R> R query(Object query, Class<R> type, String... processingGroups) {
        readConsistency.await(processingGroups);
        return join(() -> queryGateway.query(query, ResponseTypes.optionalInstanceOf(type)).get().orElse(null));
    }

    /**
     * For data that never changes once it exists (a task's input): answers from the read model as it is, and waits
     * for the projections only when the object is not there yet.
     */
    public <R> R queryExisting(Object query, Class<R> type, String... processingGroups) {
        R now = join(() -> queryGateway.query(query, ResponseTypes.optionalInstanceOf(type)).get().orElse(null));
        return now != null ? now : query(query, type, processingGroups);
    }

    public <R> List<R> queryList(Object query, Class<R> type, String... processingGroups) {
        readConsistency.await(processingGroups);
        return join(() -> queryGateway.query(query, ResponseTypes.multipleInstancesOf(type)).get());
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T join(Call<T> call) {
        try {
            return call.call();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String correlationId() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return CorrelationAndLimitsFilter.correlationId(request);
        }
        return java.util.UUID.randomUUID().toString();
    }
}
