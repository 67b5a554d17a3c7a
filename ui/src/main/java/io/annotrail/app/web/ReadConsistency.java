package io.annotrail.app.web;

import io.annotrail.app.infra.AnnotrailProperties;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Map;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import java.util.OptionalLong;

/**
 * Read-your-writes for the REST API. Before a read, wait (bounded) until the projections it needs have
 * processed every event that was committed when the read began. Appends are serialized (commit order equals
 * index order), so "position ≥ head" means "has seen every committed event". When it waits out the timeout the
 * read goes ahead with what the projection has: reads never fail because a projection is slow.
 */
@Component
public class ReadConsistency {

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final AnnotrailProperties properties;

    ReadConsistency(EventStore eventStore, EventProcessingConfiguration processing, AnnotrailProperties properties) {
        this.eventStore = eventStore;
        this.processing = processing;
        this.properties = properties;
    }

    /** A client that prefers speed over read-your-writes (a dashboard, a lag probe) sends this header. */
    public static final String HEADER = "X-Read-Consistency";

    public void await(String... processingGroups) {
        if (processingGroups.length == 0 || eventualRequested()) {
            return;
        }
        TrackingToken head = eventStore.createHeadToken();
        OptionalLong headPosition = head == null ? OptionalLong.empty() : head.position();
        if (headPosition.isEmpty()) {
            return;
        }
        long target = headPosition.getAsLong();
        long deadline = System.nanoTime() + properties.readConsistencyTimeout().toNanos();
        for (String group : processingGroups) {
            var processor = processing.eventProcessor(group, StreamingEventProcessor.class);
            if (processor.isEmpty()) {
                continue;
            }
            while (!caughtUp(processor.get(), target) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static boolean eventualRequested() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && "eventual".equalsIgnoreCase(attributes.getRequest().getHeader(HEADER));
    }

    private static boolean caughtUp(StreamingEventProcessor processor, long target) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return false; // no segment claimed yet (starting up)
        }
        // With several instances each sees only the segments it owns; those are the ones it can wait for.
        for (EventTrackerStatus segment : status.values()) {
            if (segment.isErrorState()) {
                continue; // a failing segment is dead-lettering or retrying; waiting would not help the reader
            }
            OptionalLong position = segment.getCurrentPosition();
            if (position.isEmpty() || position.getAsLong() < target) {
                return false;
            }
        }
        return true;
    }
}
