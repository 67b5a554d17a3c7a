package io.annotrail.app.admin;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.annotrail.domain.common.StorableText;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The read models' processors: where each one is in the event stream, and rebuilding one from the event
 * store. A rebuild stops the processor, resets its tokens (its {@code @ResetHandler}s empty its tables) and
 * starts it again; it then replays every event from the start while the API keeps answering from what has
 * been rebuilt so far.
 */
@Service
public class Projections {

    private static final Logger log = LoggerFactory.getLogger(Projections.class);

    /**
     * {@code replaying}: a rebuild is in progress (the processor has not caught up with the head yet).
     * {@code error}: a segment is in error (its batch failed; it retries with back-off) and {@code errorMessage} says
     * why. {@code behind}: events between the processor's position and the head; {@code behindSeconds}: age of the
     * oldest event it has not processed (null when it is at the head). {@code lagging}: beyond
     * {@code ANNOTRAIL_PROCESSOR_LAG_EVENTS} or {@code ANNOTRAIL_PROCESSOR_LAG_TIME}. {@code rebuildable}: a read
     * model that can be rebuilt (sagas cannot).
     */
    public record Status(String name, boolean running, int segments, long position, long head, boolean replaying,
                         boolean error, String errorMessage, long behind, Long behindSeconds, boolean lagging,
                         boolean rebuildable) {

        /** ERROR, STOPPED, REPLAYING, LAGGING or RUNNING: the first that applies. */
        public String state() {
            return error ? "ERROR" : !running ? "STOPPED" : replaying ? "REPLAYING" : lagging ? "LAGGING" : "RUNNING";
        }
    }

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final ProcessorLagProperties lag;
    private final Clock clock;

    Projections(EventProcessingConfiguration processing, EventStore eventStore, JdbcTemplate jdbc,
                ProcessorLagProperties lag, Clock clock) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.lag = lag;
        this.clock = clock;
    }

    public List<Status> status() {
        long head = position(eventStore.createHeadToken());
        Instant now = clock.instant();
        List<Status> out = new ArrayList<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                var segments = streaming.processingStatus().values();
                long position = segments.isEmpty() ? -1 : segments.stream()
                        .mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1);
                // Axon keeps a segment "replaying" until it sees an event newer than the reset point, which on an
                // idle system never comes; a rebuild is over once the processor has caught up with the head.
                boolean rebuilding = segments.stream().anyMatch(EventTrackerStatus::isReplaying) && position < head;
                String errorMessage = segments.stream().filter(EventTrackerStatus::isErrorState)
                        .map(s -> s.getError() == null ? "error" : s.getError().getClass().getSimpleName() + ": "
                                + StorableText.clean(String.valueOf(s.getError().getMessage()), 500))
                        .findFirst().orElse(null);
                long behind = Math.max(0, head - position);
                Long behindSeconds = behind == 0 ? null : oldestUnprocessed(position)
                        .map(at -> Math.max(0, Duration.between(at, now).toSeconds())).orElse(null);
                boolean lagging = behind > lag.events()
                        || (behindSeconds != null && behindSeconds > lag.time().toSeconds());
                out.add(new Status(name, streaming.isRunning(), segments.size(), position, head, rebuilding,
                        errorMessage != null, errorMessage, behind, behindSeconds, lagging, streaming.supportsReset()));
            }
        });
        return out;
    }

    /** When the first event after {@code position} was stored: one primary-key lookup in the event store. */
    private Optional<Instant> oldestUnprocessed(long position) {
        List<String> at = jdbc.queryForList("SELECT \"timestamp\" FROM domainevententry WHERE globalindex > ? "
                + "ORDER BY globalindex LIMIT 1", String.class, position);
        try {
            return at.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(at.getFirst()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Starts rebuilding a read model; answers at once, the replay runs on the processor's own threads. */
    public void rebuild(String name) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "no streaming processor named " + name));
        if (!processor.supportsReset()) {
            throw new DomainException(ErrorCode.INVALID_TRANSITION, name + " cannot be rebuilt");
        }
        CompletableFuture.runAsync(() -> {
            processor.shutDown();
            processor.resetTokens();
            processor.start();
            log.info("Rebuilding read model {} from the event store", name);
        }).exceptionally(e -> {
            log.error("Rebuilding {} failed to start", name, e);
            return null;
        }).join();
    }

    private static long position(TrackingToken token) {
        if (token == null) {
            return -1;
        }
        OptionalLong position = token.position();
        return position.orElse(-1);
    }
}
