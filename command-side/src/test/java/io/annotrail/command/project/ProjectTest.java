package io.annotrail.command.project;

import io.annotrail.command.directory.Directory;
import io.annotrail.command.directory.InMemoryDirectory;
import io.annotrail.command.schema.SchemaValidation;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.project.ChangeResponseSchemaCommand;
import io.annotrail.domain.project.CreateProjectCommand;
import io.annotrail.domain.project.ProjectCreatedEvent;
import io.annotrail.domain.project.ResponseSchemaVersionedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.annotrail.command.support.DomainErrors.domainError;
import static io.annotrail.command.support.Schemas.json;
import static io.annotrail.command.support.Schemas.labelSchema;

class ProjectTest {

    private static final WorkspaceId WS = WorkspaceId.random();
    private static final ProjectId PROJECT = ProjectId.random();
    private static final UserId MANAGER = UserId.random();
    private static final UserId ANNOTATOR = UserId.random();
    private static final UserId STRANGER = UserId.random();

    private AggregateTestFixture<Project> fixture;
    private InMemoryDirectory directory;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Project.class);
        directory = new InMemoryDirectory()
                .member(WS, MANAGER, Role.MANAGER)
                .member(WS, ANNOTATOR, Role.ANNOTATOR);
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(new SchemaValidation());
    }

    private CreateProjectCommand create(JsonNode schema) {
        return new CreateProjectCommand(PROJECT, WS, "Pets", "Label the animal", schema, 2, 300, ReviewPolicy.ALL, MANAGER);
    }

    private Object[] created() {
        return new Object[]{
                new ProjectCreatedEvent(PROJECT, WS, "Pets", "Label the animal", 2, 300, ReviewPolicy.ALL),
                new ResponseSchemaVersionedEvent(PROJECT, WS, 1, labelSchema())};
    }

    @Test
    void creatingAProjectVersionsItsSchemaAsVersionOne() {
        fixture.givenNoPriorActivity()
                .when(create(labelSchema()))
                .expectEvents(created());
    }

    @Test
    void creatingAProjectWithoutSettingsUsesTheDefaults() {
        fixture.givenNoPriorActivity()
                .when(new CreateProjectCommand(PROJECT, WS, "Pets", null, labelSchema(), 0, 0, null, MANAGER))
                .expectEvents(new ProjectCreatedEvent(PROJECT, WS, "Pets", "", 1, 600, ReviewPolicy.NONE),
                        new ResponseSchemaVersionedEvent(PROJECT, WS, 1, labelSchema()));
    }

    @Test
    void creatingAProjectNeedsAManagingRole() {
        fixture.givenNoPriorActivity()
                .when(new CreateProjectCommand(PROJECT, WS, "Pets", null, labelSchema(), 1, 600, null, ANNOTATOR))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }

    @Test
    void aNonMemberIsToldTheWorkspaceDoesNotExist() {
        fixture.givenNoPriorActivity()
                .when(new CreateProjectCommand(PROJECT, WS, "Pets", null, labelSchema(), 1, 600, null, STRANGER))
                .expectException(domainError(ErrorCode.WORKSPACE_NOT_FOUND));
    }

    @Test
    void creatingAProjectThatExistsAlreadyIsRejected() {
        directory.project(new Directory.ProjectEntry(PROJECT, WS, 1, 600, ReviewPolicy.NONE, 1));
        fixture.givenNoPriorActivity()
                .when(create(labelSchema()))
                .expectException(domainError(ErrorCode.ALREADY_EXISTS));
    }

    @Test
    void everyInvalidSettingIsReportedAtOnce() {
        fixture.givenNoPriorActivity()
                .when(new CreateProjectCommand(PROJECT, WS, " ", null, labelSchema(), 21, 29, null, MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "name", "overlap", "leaseSeconds"))
                .expectNoEvents();
    }

    @Test
    void aNameLongerThanTwoHundredCharactersIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateProjectCommand(PROJECT, WS, "x".repeat(201), null, labelSchema(), 1, 600, null, MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "name"));
    }

    @Test
    void aLeaseLongerThanOneDayIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateProjectCommand(PROJECT, WS, "Pets", null, labelSchema(), 1, 86_401, null, MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "leaseSeconds"));
    }

    @Test
    void aNegativeOverlapIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateProjectCommand(PROJECT, WS, "Pets", null, labelSchema(), -1, 600, null, MANAGER))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "overlap"));
    }

    @Test
    void aSchemaWithARemoteReferenceIsRejected() {
        fixture.givenNoPriorActivity()
                .when(create(json("""
                        {"type": "object", "properties": {"a": {"$ref": "https://example.com/evil.json"}}}""")))
                .expectException(domainError(ErrorCode.SCHEMA_INVALID, "/properties/a/$ref"))
                .expectNoEvents();
    }

    @Test
    void aSchemaNestedTooDeeplyIsRejected() {
        String deep = "{\"type\": \"object\"}";
        for (int i = 0; i < 40; i++) {
            deep = "{\"type\": \"object\", \"properties\": {\"n\": " + deep + "}}";
        }
        fixture.givenNoPriorActivity()
                .when(create(json(deep)))
                .expectException(domainError(ErrorCode.SCHEMA_TOO_COMPLEX));
    }

    @Test
    void aSchemaWithAReferenceCycleIsRefusedAsTooComplexAndNothingIsApplied() {
        fixture.givenNoPriorActivity()
                .when(create(json("""
                        {"type": "object", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                         "properties": {"s": {"$ref": "#/$defs/a"}}}""")))
                .expectException(domainError(ErrorCode.SCHEMA_TOO_COMPLEX, "/$defs/b/$ref"))
                .expectNoEvents();
    }

    @Test
    void aSchemaThatBreaksTheMetaSchemaIsRejected() {
        fixture.givenNoPriorActivity()
                .when(create(json("""
                        {"type": "object", "properties": {"a": {"type": "banana"}}}""")))
                .expectException(domainError(ErrorCode.SCHEMA_INVALID));
    }

    @Test
    void aSchemaWithABackReferencePatternIsRejected() {
        fixture.givenNoPriorActivity()
                .when(create(json("""
                        {"type": "object", "properties": {"a": {"type": "string", "pattern": "(a)\\\\1"}}}""")))
                .expectException(domainError(ErrorCode.SCHEMA_INVALID, "/properties/a/pattern"));
    }

    @Test
    void aSchemaWithACatastrophicButLinearPatternIsAccepted() {
        JsonNode schema = json("""
                {"type": "object", "properties": {"a": {"type": "string", "pattern": "^(a+)+$"}}}""");
        fixture.givenNoPriorActivity()
                .when(create(schema))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProjectCreatedEvent(PROJECT, WS, "Pets", "Label the animal", 2, 300, ReviewPolicy.ALL),
                        new ResponseSchemaVersionedEvent(PROJECT, WS, 1, schema));
    }

    @Test
    void changingTheSchemaMakesTheNextVersion() {
        JsonNode next = json("""
                {"type": "object", "properties": {"label": {"type": "string"}}}""");
        fixture.given(created())
                .when(new ChangeResponseSchemaCommand(PROJECT, next, MANAGER))
                .expectEvents(new ResponseSchemaVersionedEvent(PROJECT, WS, 2, next));
    }

    @Test
    void everySchemaChangeIsANewVersionEvenWhenTheSchemaIsTheSame() {
        fixture.given(created())
                .andGiven(new ResponseSchemaVersionedEvent(PROJECT, WS, 2, labelSchema()))
                .when(new ChangeResponseSchemaCommand(PROJECT, labelSchema(), MANAGER))
                .expectEvents(new ResponseSchemaVersionedEvent(PROJECT, WS, 3, labelSchema()));
    }

    @Test
    void changingTheSchemaNeedsAManagingRole() {
        fixture.given(created())
                .when(new ChangeResponseSchemaCommand(PROJECT, labelSchema(), ANNOTATOR))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }

    @Test
    void aNonMemberIsToldTheProjectDoesNotExist() {
        fixture.given(created())
                .when(new ChangeResponseSchemaCommand(PROJECT, labelSchema(), STRANGER))
                .expectException(domainError(ErrorCode.PROJECT_NOT_FOUND));
    }

    @Test
    void changingToAnUnsafeSchemaIsRejected() {
        fixture.given(created())
                .when(new ChangeResponseSchemaCommand(PROJECT, json("""
                        {"type": "object", "$id": "https://example.com/s.json"}"""), MANAGER))
                .expectException(domainError(ErrorCode.SCHEMA_INVALID, "/$id"))
                .expectNoEvents();
    }
}
