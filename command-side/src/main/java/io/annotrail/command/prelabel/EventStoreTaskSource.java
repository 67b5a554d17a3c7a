package io.annotrail.command.prelabel;

import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.task.SuggestionFailedEvent;
import io.annotrail.domain.task.SuggestionRecordedEvent;
import io.annotrail.domain.task.TaskCreatedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * Reads the task's stream from the event store, the authority, rather than a read model: right before a model is
 * asked, the runner must know whether this job already has an outcome for the task (a resubmission after a restart
 * or a watchdog), even if no projection has caught up yet. Read from sequence 0 so a snapshot can never hide the
 * creation event that carries the data.
 */
@Component
class EventStoreTaskSource implements TaskSource {

    private final EventStore eventStore;

    EventStoreTaskSource(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public Optional<TaskInput> load(TaskId taskId, JobId jobId) {
        JsonNode data = null;
        boolean created = false;
        boolean answered = false;
        DomainEventStream stream = eventStore.readEvents(taskId.toString(), 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            Object payload = message.getPayload();
            if (payload instanceof TaskCreatedEvent e) {
                created = true;
                data = e.data();
            } else if (payload instanceof SuggestionRecordedEvent e && jobId.equals(e.jobId())
                    || payload instanceof SuggestionFailedEvent f && jobId.equals(f.jobId())) {
                answered = true;
            }
        }
        return created ? Optional.of(new TaskInput(taskId, data, answered)) : Optional.empty();
    }
}
