package io.annotrail.command.task;

import io.annotrail.command.directory.Directory;
import io.annotrail.command.directory.InMemoryDirectory;
import io.annotrail.command.schema.SchemaValidation;
import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.task.ClaimTaskCommand;
import io.annotrail.domain.task.ReviewAnnotationCommand;
import io.annotrail.domain.task.SubmitAnnotationCommand;
import io.annotrail.domain.task.TaskClaimedEvent;
import io.annotrail.domain.task.TaskCreatedEvent;
import io.annotrail.domain.task.TaskStatusChangedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static io.annotrail.command.support.Schemas.json;
import static io.annotrail.command.support.Schemas.labelSchema;

/** A task fixture whose clock is the fixture's own time (which deadlines advance) plus an offset the test sets. */
abstract class TaskTestSupport {

    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    static final int LEASE_SECONDS = 600;
    static final WorkspaceId WS = WorkspaceId.random();
    static final ProjectId PROJECT = ProjectId.random();
    static final BatchId BATCH = BatchId.random();
    static final TaskId TASK = TaskId.random();
    static final UserId ANNA = UserId.random();
    static final UserId BEN = UserId.random();
    static final UserId CARA = UserId.random();
    static final UserId REVIEWER = UserId.random();
    static final UserId MANAGER = UserId.random();
    static final UserId ANALYST = UserId.random();
    static final LeaseId L1 = LeaseId.random();
    static final LeaseId L2 = LeaseId.random();
    static final LeaseId L3 = LeaseId.random();
    static final AnnotationId A1 = AnnotationId.random();
    static final AnnotationId A2 = AnnotationId.random();
    static final JsonNode DATA = json("{\"image\": \"cat.png\"}");
    static final JsonNode CAT = json("{\"label\": \"cat\"}");
    static final JsonNode DOG = json("{\"label\": \"dog\"}");

    AggregateTestFixture<Task> fixture;
    InMemoryDirectory directory;
    Duration offset = Duration.ZERO;

    @BeforeEach
    void setUpFixture() {
        fixture = new AggregateTestFixture<>(Task.class);
        directory = new InMemoryDirectory()
                .member(WS, ANNA, Role.ANNOTATOR)
                .member(WS, BEN, Role.ANNOTATOR)
                .member(WS, CARA, Role.ANNOTATOR)
                .member(WS, REVIEWER, Role.REVIEWER)
                .member(WS, MANAGER, Role.MANAGER)
                .member(WS, ANALYST, Role.ANALYST)
                .project(new Directory.ProjectEntry(PROJECT, WS, 1, LEASE_SECONDS, ReviewPolicy.NONE, 1))
                .schema(PROJECT, 1, labelSchema())
                .batch(new Directory.BatchEntry(BATCH, PROJECT, WS, BatchStatus.OPEN));
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(new SchemaValidation());
        fixture.registerInjectableResource(new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return fixture.currentTime().plus(offset);
            }
        });
    }

    static TaskCreatedEvent created(int overlap, ReviewPolicy policy) {
        return new TaskCreatedEvent(TASK, PROJECT, WS, BATCH, "ext-1", DATA, overlap, LEASE_SECONDS, policy);
    }

    TestExecutor<Task> givenTask(int overlap, ReviewPolicy policy) {
        return fixture.givenCurrentTime(T0).andGiven(created(overlap, policy));
    }

    static ClaimTaskCommand claim(UserId user, LeaseId lease) {
        return new ClaimTaskCommand(TASK, lease, user);
    }

    static SubmitAnnotationCommand submit(UserId user, LeaseId lease, String submissionId, AnnotationId annotation, JsonNode response) {
        return new SubmitAnnotationCommand(TASK, lease, submissionId, annotation, response, user);
    }

    static ReviewAnnotationCommand review(UserId reviewer, AnnotationId annotation, ReviewDecision decision, String comment) {
        return new ReviewAnnotationCommand(TASK, annotation, decision, comment, reviewer);
    }

    static TaskClaimedEvent claimed(UserId user, LeaseId lease, Instant at, boolean rework) {
        return new TaskClaimedEvent(TASK, PROJECT, lease, user, at, at.plusSeconds(LEASE_SECONDS), 1, rework);
    }

    static TaskStatusChangedEvent status(TaskStatus from, TaskStatus to) {
        return new TaskStatusChangedEvent(TASK, PROJECT, BATCH, from, to);
    }
}
