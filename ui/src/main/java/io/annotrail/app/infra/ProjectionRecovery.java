package io.annotrail.app.infra;

import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Error handler of the streaming processors, and the switch for {@link SavepointPerProjectionHandler}.
 * <p>
 * A projection handler that fails normally fails its whole batch: in PostgreSQL the failed statement aborts the
 * transaction, so even the dead-letter insert cannot happen in it. This handler rethrows (the batch is rolled
 * back and retried, nothing is skipped) and switches the processor into recovery for a while: during recovery
 * every handler runs inside a savepoint, so on the retry only the failing handler's writes are undone and its
 * event is dead-lettered in a healthy transaction. Outside recovery no savepoints are taken, which keeps the
 * common path (and replays) at one statement per event.
 */
@Component
class ProjectionRecovery implements ErrorHandler {

    static final Duration WINDOW = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(ProjectionRecovery.class);

    private final Map<String, Instant> recoveringUntil = new ConcurrentHashMap<>();
    private final Clock clock;

    ProjectionRecovery(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void handleError(ErrorContext errorContext) throws Exception {
        recoveringUntil.put(errorContext.eventProcessor(), clock.instant().plus(WINDOW));
        log.warn("Processor {} failed a batch of {} events; retrying it with a savepoint per handler so a failing "
                        + "event can be dead-lettered", errorContext.eventProcessor(), errorContext.failedEvents().size(),
                errorContext.error());
        PropagatingErrorHandler.instance().handleError(errorContext);
    }

    boolean recovering(String processor) {
        Instant until = recoveringUntil.get(processor);
        return until != null && clock.instant().isBefore(until);
    }
}
