package io.annotrail.query.history;

import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.task.HistoryEntry;
import io.annotrail.domain.task.TaskAsOfQuery;
import io.annotrail.domain.task.TaskHistoryQuery;
import io.annotrail.domain.task.TaskView;
import io.annotrail.query.task.TaskFixtures;
import io.annotrail.query.task.TaskFold;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.annotrail.query.task.TaskFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class TaskHistoryTest {

    private EmbeddedEventStore eventStore;
    private TaskHistory history;
    private final TaskFixtures task = TaskFixtures.newTask();
    private final UserId alice = UserId.random();
    private final LeaseId lease = LeaseId.random();
    private final AnnotationId annotation = AnnotationId.random();
    private final List<TaskFold.Folded> published = new ArrayList<>();

    @BeforeEach
    void setUp() {
        eventStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        history = new TaskHistory(eventStore, JsonMapper.builder().build());
        publish(0, task.created("ext", 1), T0, alice);
        publish(1, task.claimed(lease, alice, false), T0.plusSeconds(10), alice);
        publish(2, task.status(TaskStatus.OPEN, TaskStatus.IN_PROGRESS), T0.plusSeconds(10), alice);
        publish(3, task.expired(lease, alice), T0.plusSeconds(610), null);
        publish(4, task.status(TaskStatus.IN_PROGRESS, TaskStatus.OPEN), T0.plusSeconds(610), null);
    }

    @AfterEach
    void tearDown() {
        eventStore.shutDown();
    }

    private void publish(long seq, Object payload, Instant at, UserId actor) {
        Map<String, Object> metaData = actor == null
                ? Map.of("correlationId", "corr-" + seq)
                : Map.of("actor", actor.toString(), "correlationId", "corr-" + seq);
        eventStore.publish(new GenericDomainEventMessage<>("Task", task.taskId().toString(), seq, payload, metaData,
                UUID.randomUUID().toString(), at));
        published.add(new TaskFold.Folded(payload, seq, at));
    }

    @Test
    void theHistoryListsEveryEventInSequenceOrderWithActorCorrelationAndPayload() {
        List<HistoryEntry> entries = history.handle(new TaskHistoryQuery(task.taskId()));

        assertThat(entries).extracting(HistoryEntry::seq).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(entries).extracting(HistoryEntry::type).containsExactly("TaskCreatedEvent", "TaskClaimedEvent",
                "TaskStatusChangedEvent", "LeaseExpiredEvent", "TaskStatusChangedEvent");
        assertThat(entries.get(1).actor()).isEqualTo(alice.toString());
        assertThat(entries.get(1).at()).isEqualTo(T0.plusSeconds(10));
        assertThat(entries.get(1).correlationId()).isEqualTo("corr-1");
        assertThat(entries.get(1).payload().get("rework").asBoolean()).isFalse();
        assertThat(entries.get(3).actor()).as("deadline events have no actor").isEqualTo("system");
    }

    @Test
    void theHistoryOfAnUnknownTaskIsEmpty() {
        assertThat(history.handle(new TaskHistoryQuery(TaskId.random()))).isEmpty();
    }

    @Test
    void theStateAsOfAnEventsTimeIncludesThatEvent() {
        TaskView asOf = history.handle(new TaskAsOfQuery(task.taskId(), T0.plusSeconds(10)));

        assertThat(asOf.status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(asOf.leases()).hasSize(1);
        assertThat(asOf.version()).isEqualTo(2);
        assertThat(asOf).isEqualTo(TaskFold.applyAll(null, published.subList(0, 3)));
    }

    @Test
    void theStateAsOfNowEqualsTheFoldOfAllEvents() {
        TaskView now = history.handle(new TaskAsOfQuery(task.taskId(), T0.plusSeconds(3600)));

        assertThat(now).isEqualTo(TaskFold.applyAll(null, published));
        assertThat(now.status()).isEqualTo(TaskStatus.OPEN);
        assertThat(now.leases()).isEmpty();
    }

    @Test
    void theStateBeforeTheFirstEventIsNull() {
        assertThat(history.handle(new TaskAsOfQuery(task.taskId(), T0.minusMillis(1)))).isNull();
    }
}
