package io.annotrail.command.job;

import io.annotrail.command.directory.Directory;
import io.annotrail.command.directory.InMemoryDirectory;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.job.AssignmentJobRequestedEvent;
import io.annotrail.domain.job.AssignmentStrategy;
import io.annotrail.domain.job.CompleteJobCommand;
import io.annotrail.domain.job.ConfirmJobCancelledCommand;
import io.annotrail.domain.job.ExportFormat;
import io.annotrail.domain.job.ExportJobRequestedEvent;
import io.annotrail.domain.job.FailJobCommand;
import io.annotrail.domain.job.JobCancellationRequestedEvent;
import io.annotrail.domain.job.JobCancelledEvent;
import io.annotrail.domain.job.JobCompletedEvent;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.JobProgressedEvent;
import io.annotrail.domain.job.JobStartedEvent;
import io.annotrail.domain.job.JobType;
import io.annotrail.domain.job.ReportJobProgressCommand;
import io.annotrail.domain.job.RequestJobCancellationCommand;
import io.annotrail.domain.job.StartAssignmentJobCommand;
import io.annotrail.domain.job.StartExportJobCommand;
import io.annotrail.domain.job.TaskFilter;
import io.annotrail.domain.job.PrelabelJobRequestedEvent;
import io.annotrail.domain.job.StartPrelabelJobCommand;
import io.annotrail.command.infra.Json;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.annotrail.command.support.DomainErrors.domainError;

class JobTest {

    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    static final WorkspaceId WS = WorkspaceId.random();
    static final ProjectId PROJECT = ProjectId.random();
    static final BatchId BATCH = BatchId.random();
    static final BatchId OTHER_BATCH = BatchId.random();
    static final JobId JOB = JobId.random();
    static final UserId MANAGER = UserId.random();
    static final UserId ANNA = UserId.random();
    static final UserId BEN = UserId.random();
    static final UserId ANALYST = UserId.random();

    AggregateTestFixture<Job> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Job.class);
        fixture.registerInjectableResource(new InMemoryDirectory()
                .member(WS, MANAGER, Role.MANAGER)
                .member(WS, ANNA, Role.ANNOTATOR)
                .member(WS, BEN, Role.ANNOTATOR)
                .member(WS, ANALYST, Role.ANALYST)
                .project(new Directory.ProjectEntry(PROJECT, WS, 1, 600, ReviewPolicy.NONE, 1))
                .batch(new Directory.BatchEntry(BATCH, PROJECT, WS, BatchStatus.OPEN))
                .batch(new Directory.BatchEntry(OTHER_BATCH, ProjectId.random(), WS, BatchStatus.OPEN)));
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
    }

    static JobStartedEvent started(JobType type) {
        return new JobStartedEvent(JOB, type, WS, PROJECT, MANAGER, T0);
    }

    @Test
    void startingAnAssignmentPublishesTheJobAndItsParameters() {
        TaskFilter filter = new TaskFilter(BATCH, null);
        fixture.givenNoPriorActivity()
                .when(new StartAssignmentJobCommand(JOB, PROJECT, List.of(ANNA, BEN, ANNA), filter,
                        AssignmentStrategy.BALANCED, 10, MANAGER))
                .expectEvents(started(JobType.ASSIGNMENT), new AssignmentJobRequestedEvent(JOB, WS, PROJECT,
                        List.of(ANNA, BEN), filter, AssignmentStrategy.BALANCED, 10, MANAGER));
    }

    @Test
    void anAssignmentToSomeoneWhoMayNotAnnotateIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new StartAssignmentJobCommand(JOB, PROJECT, List.of(ANNA, ANALYST), null, null, 0, MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "annotators/1"));
    }

    @Test
    void anAssignmentWithoutAnnotatorsIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new StartAssignmentJobCommand(JOB, PROJECT, List.of(), null, null, 0, MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "annotators"));
    }

    @Test
    void aFilterOnABatchOfAnotherProjectIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new StartAssignmentJobCommand(JOB, PROJECT, List.of(ANNA), new TaskFilter(OTHER_BATCH, null),
                        null, 0, MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "filter/batch"));
    }

    @Test
    void onlyManagersStartJobs() {
        fixture.givenNoPriorActivity()
                .when(new StartExportJobCommand(JOB, PROJECT, ExportFormat.CSV, null, null, null, ANNA))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }

    @Test
    void startingAnExportNormalisesTheIncludedParts() {
        fixture.givenNoPriorActivity()
                .when(new StartExportJobCommand(JOB, PROJECT, ExportFormat.JSONL, List.of("reviews", "data", "reviews"),
                        null, 42L, MANAGER))
                .expectEvents(started(JobType.EXPORT), new ExportJobRequestedEvent(JOB, WS, PROJECT, ExportFormat.JSONL,
                        List.of("data", "reviews"), TaskFilter.ALL, 42L, MANAGER));
    }

    @Test
    void anExportOfAnUnknownPartIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new StartExportJobCommand(JOB, PROJECT, ExportFormat.JSONL, List.of("secrets"), null, null, MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "include/0"));
    }

    @Test
    void progressIsRecordedOnlyWhenItChanges() {
        fixture.given(started(JobType.EXPORT), new JobProgressedEvent(JOB, 5, 10, 0))
                .when(new ReportJobProgressCommand(JOB, 5, 10, 0, MANAGER))
                .expectNoEvents();
    }

    @Test
    void progressIsRecorded() {
        fixture.given(started(JobType.EXPORT))
                .when(new ReportJobProgressCommand(JOB, 5, 10, 1, MANAGER))
                .expectEvents(new JobProgressedEvent(JOB, 5, 10, 1));
    }

    @Test
    void aFinishedJobRejectsProgressAndCancellation() {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("assigned", 3);
        fixture.given(started(JobType.ASSIGNMENT), new JobCompletedEvent(JOB, result, T0))
                .when(new ReportJobProgressCommand(JOB, 5, 10, 0, MANAGER))
                .expectException(domainError(ErrorCode.INVALID_TRANSITION));
        fixture.given(started(JobType.ASSIGNMENT), new JobCompletedEvent(JOB, result, T0))
                .when(new RequestJobCancellationCommand(JOB, MANAGER))
                .expectException(domainError(ErrorCode.INVALID_TRANSITION));
    }

    @Test
    void completingACompletedJobAgainChangesNothing() {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("assigned", 3);
        fixture.given(started(JobType.ASSIGNMENT), new JobCompletedEvent(JOB, result, T0))
                .when(new CompleteJobCommand(JOB, result, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aManagerRequestsCancellationOnce() {
        fixture.given(started(JobType.ASSIGNMENT))
                .when(new RequestJobCancellationCommand(JOB, MANAGER))
                .expectEvents(new JobCancellationRequestedEvent(JOB, MANAGER, T0));
        fixture.given(started(JobType.ASSIGNMENT), new JobCancellationRequestedEvent(JOB, MANAGER, T0))
                .when(new RequestJobCancellationCommand(JOB, MANAGER))
                .expectNoEvents();
    }

    @Test
    void anAnnotatorCannotCancel() {
        fixture.given(started(JobType.ASSIGNMENT))
                .when(new RequestJobCancellationCommand(JOB, ANNA))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }

    @Test
    void aStrangerIsToldTheJobDoesNotExist() {
        fixture.given(started(JobType.ASSIGNMENT))
                .when(new RequestJobCancellationCommand(JOB, UserId.random()))
                .expectException(domainError(ErrorCode.JOB_NOT_FOUND));
    }

    @Test
    void theConfirmationEndsTheJobAsCancelled() {
        fixture.given(started(JobType.ASSIGNMENT), new JobCancellationRequestedEvent(JOB, MANAGER, T0))
                .when(new ConfirmJobCancelledCommand(JOB, MANAGER))
                .expectEvents(new JobCancelledEvent(JOB, T0));
    }

    @Test
    void aConfirmationOrFailureAfterCompletionChangesNothing() {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        fixture.given(started(JobType.EXPORT), new JobCompletedEvent(JOB, result, T0))
                .when(new ConfirmJobCancelledCommand(JOB, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(started(JobType.EXPORT), new JobCompletedEvent(JOB, result, T0))
                .when(new FailJobCommand(JOB, "late", MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    static final String TEMPLATE = "rules {{instructions}} <task-data>{{data}}</task-data>";

    @Test
    void startingAPrelabelJobPinsTheModelThePromptAndTheSchemaVersion() {
        fixture.givenNoPriorActivity()
                .when(new StartPrelabelJobCommand(JOB, BATCH, "gpt-test", "default-labeller", Json.sha256(TEMPLATE),
                        TEMPLATE, "Pick the animal", MANAGER))
                .expectEvents(started(JobType.PRELABEL), new PrelabelJobRequestedEvent(JOB, WS, PROJECT, BATCH,
                        "gpt-test", "default-labeller", Json.sha256(TEMPLATE), TEMPLATE, "Pick the animal", 1,
                        MANAGER));
    }

    @Test
    void aPrelabelJobWhoseHashIsNotThatOfItsTemplateOrWhosePromptIdCouldNameAnotherFileIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new StartPrelabelJobCommand(JOB, BATCH, "gpt-test", "../x", "0".repeat(64), TEMPLATE, "",
                        MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "promptHash", "promptId"))
                .expectNoEvents();
    }

    @Test
    void onlyAManagerMayPrelabel() {
        fixture.givenNoPriorActivity()
                .when(new StartPrelabelJobCommand(JOB, BATCH, "gpt-test", "default-labeller", Json.sha256(TEMPLATE),
                        TEMPLATE, "", ANNA))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }
}
