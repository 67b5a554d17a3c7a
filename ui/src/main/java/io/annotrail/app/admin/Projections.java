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

import java.util.ArrayList;
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

    /** {@code replaying}: a rebuild is in progress (the processor has not caught up with the head yet). */
    public record Status(String name, boolean running, int segments, long position, long head, boolean replaying,
                         boolean error) {
    }

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    Projections(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    public List<Status> status() {
        long head = position(eventStore.createHeadToken());
        List<Status> out = new ArrayList<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                var segments = streaming.processingStatus().values();
                long position = segments.isEmpty() ? -1 : segments.stream()
                        .mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1);
                // Axon keeps a segment "replaying" until it sees an event newer than the reset point, which on an
                // idle system never comes; a rebuild is over once the processor has caught up with the head.
                boolean rebuilding = segments.stream().anyMatch(EventTrackerStatus::isReplaying) && position < head;
                out.add(new Status(name, streaming.isRunning(), segments.size(), position, head, rebuilding,
                        segments.stream().anyMatch(EventTrackerStatus::isErrorState)));
            }
        });
        return out;
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
