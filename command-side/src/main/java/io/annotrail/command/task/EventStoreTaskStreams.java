package io.annotrail.command.task;

import io.annotrail.domain.task.TaskCreatedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.List;

@Component
class EventStoreTaskStreams implements TaskStreams {

    /** The aggregate type Axon records for task streams: the simple class name, as its repository does. */
    static final String AGGREGATE_TYPE = Task.class.getSimpleName();

    private final EventStore eventStore;

    EventStoreTaskStreams(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public void start(List<TaskCreatedEvent> tasks) {
        List<DomainEventMessage<TaskCreatedEvent>> first = tasks.stream()
                .map(task -> (DomainEventMessage<TaskCreatedEvent>) new GenericDomainEventMessage<>(
                        AGGREGATE_TYPE, task.taskId().toString(), 0, task))
                .toList();
        eventStore.publish(first);
    }
}
