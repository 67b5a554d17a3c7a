package io.annotrail.query.history;

import io.annotrail.domain.task.HistoryEntry;
import io.annotrail.domain.task.TaskAsOfQuery;
import io.annotrail.domain.task.TaskHistoryQuery;
import io.annotrail.domain.task.TaskStatusChangedEvent;
import io.annotrail.domain.task.TaskView;
import io.annotrail.query.task.TaskFold;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail and time travel of a task, answered from the event store itself rather than from a
 * projection: nothing can be missing or stale, and there is no processing group to replay.
 * <p>
 * Events are read with {@code readEvents(id, 0)}: the one-argument form starts at the latest snapshot
 * when snapshotting is configured, which would cut the history short.
 */
@Component
class TaskHistory {

    static final String SYSTEM = "system";

    private final EventStore eventStore;
    private final JsonMapper json;

    TaskHistory(EventStore eventStore, JsonMapper json) {
        this.eventStore = eventStore;
        this.json = json;
    }

    @QueryHandler
    List<HistoryEntry> handle(TaskHistoryQuery query) {
        List<HistoryEntry> entries = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(query.taskId().toString(), 0L);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            Object actor = event.getMetaData().get("actor");
            Object correlationId = event.getMetaData().get("correlationId");
            entries.add(new HistoryEntry(event.getSequenceNumber(), event.getPayloadType().getSimpleName(),
                    event.getTimestamp(), actor == null ? SYSTEM : actor.toString(),
                    correlationId == null ? null : correlationId.toString(), json.valueToTree(event.getPayload())));
        }
        return entries;
    }

    /**
     * Folds the events up to and including asOf with the same {@link TaskFold} the "tasks" projection
     * uses. The fold stops at the first later event: a task's events are appended in sequence order with
     * non-decreasing timestamps, and folding must consume a prefix of the stream, never skip an event.
     */
    @QueryHandler
    TaskView handle(TaskAsOfQuery query) {
        TaskView view = null;
        DomainEventStream stream = eventStore.readEvents(query.taskId().toString(), 0L);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            // A TaskStatusChangedEvent is derived in the same command, right after the change that caused it,
            // a few microseconds later: it belongs to the state "after" that change, so the as-of state never
            // shows a lease without its IN_PROGRESS, even when asOf is exactly the change's own timestamp.
            boolean derivedFromIncluded = view != null && event.getPayload() instanceof TaskStatusChangedEvent;
            if (event.getTimestamp().isAfter(query.asOf()) && !derivedFromIncluded) {
                break;
            }
            view = TaskFold.apply(view, event.getPayload(), event.getSequenceNumber(), event.getTimestamp());
        }
        return view;
    }
}
