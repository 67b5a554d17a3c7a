package io.annotrail.command.batch;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import io.annotrail.command.directory.Directory;
import io.annotrail.command.directory.InMemoryDirectory;
import io.annotrail.command.task.TaskStreams;
import io.annotrail.domain.batch.BatchClosedEvent;
import io.annotrail.domain.batch.BatchCreatedEvent;
import io.annotrail.domain.batch.BatchOpenedEvent;
import io.annotrail.domain.batch.BatchPausedEvent;
import io.annotrail.domain.batch.BatchPriorityChangedEvent;
import io.annotrail.domain.batch.ChangeBatchPriorityCommand;
import io.annotrail.domain.batch.CloseBatchCommand;
import io.annotrail.domain.batch.CreateBatchCommand;
import io.annotrail.domain.batch.ImportResult;
import io.annotrail.domain.batch.ImportTasksCommand;
import io.annotrail.domain.batch.OpenBatchCommand;
import io.annotrail.domain.batch.PauseBatchCommand;
import io.annotrail.domain.batch.TaskInput;
import io.annotrail.domain.batch.TasksImportedEvent;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.task.TaskCreatedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static io.annotrail.command.support.DomainErrors.domainError;
import static io.annotrail.command.support.Schemas.json;
import static org.assertj.core.api.Assertions.assertThat;

class BatchTest {

    private static final WorkspaceId WS = WorkspaceId.random();
    private static final ProjectId PROJECT = ProjectId.random();
    private static final BatchId BATCH = BatchId.random();
    private static final UserId MANAGER = UserId.random();
    private static final UserId ANNOTATOR = UserId.random();
    private static final ReviewPolicy POLICY = ReviewPolicy.sample(0.25);
    private static final JsonNode DATA = json("{\"image\": \"cat.png\"}");

    private AggregateTestFixture<Batch> fixture;
    private InMemoryDirectory directory;
    private EmbeddedEventStore taskStore;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Batch.class);
        directory = new InMemoryDirectory()
                .member(WS, MANAGER, Role.MANAGER)
                .member(WS, ANNOTATOR, Role.ANNOTATOR)
                .project(new Directory.ProjectEntry(PROJECT, WS, 3, 900, POLICY, 1));
        fixture.registerInjectableResource(directory);
        // Tasks started by the import live in their own store, as they do in the application's event store.
        taskStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        fixture.registerInjectableResource((TaskStreams) tasks -> taskStore.publish(tasks.stream()
                .map(task -> (EventMessage<?>) new GenericDomainEventMessage<>("Task", task.taskId().toString(), 0, task))
                .toList()));
    }

    private static BatchCreatedEvent created() {
        return new BatchCreatedEvent(BATCH, PROJECT, WS, "January", 0);
    }

    private List<Object> taskEvents(TaskId taskId) {
        return taskStore.readEvents(taskId.toString()).asStream().map(EventMessage::getPayload).map(Object.class::cast).toList();
    }

    @Test
    void creatingABatchStartsItInDraft() {
        fixture.givenNoPriorActivity()
                .when(new CreateBatchCommand(BATCH, PROJECT, "January", 0, MANAGER))
                .expectEvents(created());
    }

    @Test
    void creatingABatchForAnUnknownProjectIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateBatchCommand(BATCH, ProjectId.random(), "January", 0, MANAGER))
                .expectException(domainError(ErrorCode.PROJECT_NOT_FOUND));
    }

    @Test
    void creatingABatchNeedsAManagingRole() {
        fixture.givenNoPriorActivity()
                .when(new CreateBatchCommand(BATCH, PROJECT, "January", 0, ANNOTATOR))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }

    @Test
    void aPriorityOutsideMinusOneThousandToOneThousandIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateBatchCommand(BATCH, PROJECT, "January", 1001, MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "priority"));
    }

    @Test
    void openingADraftBatchOpensIt() {
        fixture.given(created())
                .when(new OpenBatchCommand(BATCH, MANAGER))
                .expectEvents(new BatchOpenedEvent(BATCH, PROJECT));
    }

    @Test
    void openingAnOpenBatchAppliesNothing() {
        fixture.given(created(), new BatchOpenedEvent(BATCH, PROJECT))
                .when(new OpenBatchCommand(BATCH, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void pausingAnOpenBatchPausesIt() {
        fixture.given(created(), new BatchOpenedEvent(BATCH, PROJECT))
                .when(new PauseBatchCommand(BATCH, MANAGER))
                .expectEvents(new BatchPausedEvent(BATCH, PROJECT));
    }

    @Test
    void openingAPausedBatchReopensIt() {
        fixture.given(created(), new BatchOpenedEvent(BATCH, PROJECT), new BatchPausedEvent(BATCH, PROJECT))
                .when(new OpenBatchCommand(BATCH, MANAGER))
                .expectEvents(new BatchOpenedEvent(BATCH, PROJECT));
    }

    @Test
    void pausingADraftBatchIsAnInvalidTransition() {
        fixture.given(created())
                .when(new PauseBatchCommand(BATCH, MANAGER))
                .expectException(domainError(ErrorCode.INVALID_TRANSITION));
    }

    @Test
    void aDraftBatchCanBeClosed() {
        fixture.given(created())
                .when(new CloseBatchCommand(BATCH, MANAGER))
                .expectEvents(new BatchClosedEvent(BATCH, PROJECT));
    }

    @Test
    void aPausedBatchCanBeClosed() {
        fixture.given(created(), new BatchOpenedEvent(BATCH, PROJECT), new BatchPausedEvent(BATCH, PROJECT))
                .when(new CloseBatchCommand(BATCH, MANAGER))
                .expectEvents(new BatchClosedEvent(BATCH, PROJECT));
    }

    @Test
    void aClosedBatchCannotBeReopened() {
        fixture.given(created(), new BatchClosedEvent(BATCH, PROJECT))
                .when(new OpenBatchCommand(BATCH, MANAGER))
                .expectException(domainError(ErrorCode.INVALID_TRANSITION));
    }

    @Test
    void closingAClosedBatchIsAnInvalidTransition() {
        fixture.given(created(), new BatchClosedEvent(BATCH, PROJECT))
                .when(new CloseBatchCommand(BATCH, MANAGER))
                .expectException(domainError(ErrorCode.INVALID_TRANSITION));
    }

    @Test
    void changingTheBatchStateNeedsAManagingRole() {
        fixture.given(created())
                .when(new OpenBatchCommand(BATCH, ANNOTATOR))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }

    @Test
    void aNonMemberIsToldTheBatchDoesNotExist() {
        fixture.given(created())
                .when(new OpenBatchCommand(BATCH, UserId.random()))
                .expectException(domainError(ErrorCode.BATCH_NOT_FOUND));
    }

    @Test
    void changingThePriorityAppliesTheNewPriority() {
        fixture.given(created())
                .when(new ChangeBatchPriorityCommand(BATCH, -1000, MANAGER))
                .expectEvents(new BatchPriorityChangedEvent(BATCH, PROJECT, -1000));
    }

    @Test
    void settingTheSamePriorityAppliesNothing() {
        fixture.given(created())
                .when(new ChangeBatchPriorityCommand(BATCH, 0, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void importingCreatesTasksWithTheProjectSettingsCopiedIn() {
        TaskId first = TaskId.random();
        TaskId second = TaskId.random();
        fixture.given(created())
                .when(new ImportTasksCommand(BATCH, List.of(new TaskInput(first, "a-1", DATA), new TaskInput(second, "a-2", DATA)), MANAGER))
                .expectEvents(new TasksImportedEvent(BATCH, PROJECT, 2, 0))
                .expectResultMessagePayload(new ImportResult(2, List.of()));
        assertThat(taskEvents(first)).containsExactly(
                new TaskCreatedEvent(first, PROJECT, WS, BATCH, "a-1", DATA, 3, 900, POLICY));
        assertThat(taskEvents(second)).containsExactly(
                new TaskCreatedEvent(second, PROJECT, WS, BATCH, "a-2", DATA, 3, 900, POLICY));
        assertThat(directory.taskOfExternalId(PROJECT, "a-1")).contains(first);
    }

    @Test
    void externalIdsAlreadyInTheProjectAreCountedAsDuplicatesAndNotCreated() {
        directory.externalId(PROJECT, "a-1", TaskId.random());
        TaskId duplicate = TaskId.random();
        TaskId fresh = TaskId.random();
        fixture.given(created())
                .when(new ImportTasksCommand(BATCH, List.of(new TaskInput(duplicate, "a-1", DATA), new TaskInput(fresh, "a-2", DATA)), MANAGER))
                .expectEvents(new TasksImportedEvent(BATCH, PROJECT, 1, 1))
                .expectResultMessagePayload(new ImportResult(1, List.of("a-1")));
        assertThat(taskEvents(duplicate)).isEmpty();
        assertThat(taskEvents(fresh)).hasSize(1);
    }

    @Test
    void anExternalIdRepeatedInOneImportIsCreatedOnceAndCountedAsADuplicate() {
        TaskId first = TaskId.random();
        TaskId repeat = TaskId.random();
        fixture.given(created())
                .when(new ImportTasksCommand(BATCH, List.of(new TaskInput(first, "a-1", DATA), new TaskInput(repeat, "a-1", DATA)), MANAGER))
                .expectEvents(new TasksImportedEvent(BATCH, PROJECT, 1, 1))
                .expectResultMessagePayload(new ImportResult(1, List.of("a-1")));
        assertThat(taskEvents(first)).hasSize(1);
        assertThat(taskEvents(repeat)).isEmpty();
    }

    @Test
    void importingIntoAClosedBatchIsRejected() {
        fixture.given(created(), new BatchClosedEvent(BATCH, PROJECT))
                .when(new ImportTasksCommand(BATCH, List.of(new TaskInput(TaskId.random(), "a-1", DATA)), MANAGER))
                .expectException(domainError(ErrorCode.INVALID_TRANSITION))
                .expectNoEvents();
    }

    @Test
    void importingNeedsAManagingRole() {
        fixture.given(created())
                .when(new ImportTasksCommand(BATCH, List.of(new TaskInput(TaskId.random(), "a-1", DATA)), ANNOTATOR))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }

    @Test
    void importingInputsWithoutExternalIdOrDataIsRejected() {
        fixture.given(created())
                .when(new ImportTasksCommand(BATCH, List.of(new TaskInput(TaskId.random(), " ", null)), MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "/tasks/0/externalId", "/tasks/0/data"));
    }

    @Test
    void importingNothingIsRejected() {
        fixture.given(created())
                .when(new ImportTasksCommand(BATCH, List.of(), MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "tasks"));
    }
}
