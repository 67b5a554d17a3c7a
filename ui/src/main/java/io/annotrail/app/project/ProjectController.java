package io.annotrail.app.project;

import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.command.directory.Directory;
import io.annotrail.domain.batch.*;
import io.annotrail.domain.common.*;
import io.annotrail.domain.project.*;
import io.annotrail.domain.task.ListTasksQuery;
import io.annotrail.domain.task.TaskPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.*;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.*;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Projects", description = "Projects, response schemas, batches and progress")
class ProjectController {

    static final int DEFAULT_OVERLAP = 1;
    static final int DEFAULT_LEASE_SECONDS = 600;

    record CreateProjectRequest(@NotBlank @Size(max = 200) String name,
                                @Size(max = 20_000) String instructions,
                                @NotNull JsonNode responseSchema,
                                @Min(1) @Max(20) Integer overlap,
                                @Min(30) @Max(86_400) Integer leaseSeconds,
                                JsonNode reviewPolicy) {
    }

    record CreatedProject(UUID id, int schemaVersion) {
    }

    record SchemaRequest(@NotNull JsonNode responseSchema) {
    }

    record SchemaVersion(int schemaVersion) {
    }

    record CreateBatchRequest(@NotBlank @Size(max = 200) String name, @Min(-1000) @Max(1000) Integer priority) {
    }

    record IdResponse(UUID id) {
    }

    private final Gateways gateways;
    private final Access access;
    private final Directory directory;

    ProjectController(Gateways gateways, Access access, Directory directory) {
        this.gateways = gateways;
        this.access = access;
        this.directory = directory;
    }

    @PostMapping("/workspaces/{workspaceId}/projects")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a project with its response schema (version 1)")
    CreatedProject create(@PathVariable UUID workspaceId, @Valid @RequestBody CreateProjectRequest request) {
        WorkspaceId ws = new WorkspaceId(workspaceId);
        access.requireWorkspace(ws, Role.MANAGING);
        ProjectId id = ProjectId.random();
        gateways.send(new CreateProjectCommand(id, ws, request.name().strip(), request.instructions(),
                request.responseSchema(),
                request.overlap() == null ? DEFAULT_OVERLAP : request.overlap(),
                request.leaseSeconds() == null ? DEFAULT_LEASE_SECONDS : request.leaseSeconds(),
                reviewPolicy(request.reviewPolicy()), CurrentUser.get().id()));
        return new CreatedProject(id.value(), 1);
    }

    @GetMapping("/workspaces/{workspaceId}/projects")
    @Operation(summary = "Projects of a workspace")
    List<ProjectSummary> list(@PathVariable UUID workspaceId) {
        WorkspaceId ws = new WorkspaceId(workspaceId);
        access.requireWorkspace(ws, Access.ANY_MEMBER);
        return gateways.queryList(new ListProjectsQuery(ws), ProjectSummary.class, "workspaces");
    }

    @GetMapping("/projects/{projectId}")
    @Operation(summary = "A project with its current schema and settings")
    ProjectView get(@PathVariable UUID projectId) {
        ProjectId id = new ProjectId(projectId);
        access.requireProject(id, Access.ANY_MEMBER);
        ProjectView view = gateways.query(new FindProjectQuery(id), ProjectView.class, "workspaces");
        if (view == null) {
            throw new DomainException(ErrorCode.PROJECT_NOT_FOUND, "no such project");
        }
        return view;
    }

    @PutMapping("/projects/{projectId}/response-schema")
    @Operation(summary = "Set a new response schema; every change is a new version")
    SchemaVersion changeSchema(@PathVariable UUID projectId, @Valid @RequestBody SchemaRequest request) {
        ProjectId id = new ProjectId(projectId);
        access.requireProject(id, Role.MANAGING);
        gateways.send(new ChangeResponseSchemaCommand(id, request.responseSchema(), CurrentUser.get().id()));
        // The directory is written in the command's own transaction, so it already holds the new version.
        return new SchemaVersion(directory.project(id).orElseThrow().schemaVersion());
    }

    @GetMapping("/projects/{projectId}/progress")
    @Operation(summary = "Task counts by status")
    ProjectProgress progress(@PathVariable UUID projectId) {
        ProjectId id = new ProjectId(projectId);
        access.requireProject(id, Access.ANY_MEMBER);
        return gateways.query(new ProjectProgressQuery(id), ProjectProgress.class, "tasks");
    }

    @GetMapping("/projects/{projectId}/tasks")
    @Operation(summary = "A page of task summaries, optionally filtered by status and batch")
    TaskPage tasks(@PathVariable UUID projectId,
                   @RequestParam(required = false) TaskStatus status,
                   @RequestParam(required = false) UUID batch,
                   @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                   @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        ProjectId id = new ProjectId(projectId);
        access.requireProject(id, Role.READING);
        return gateways.query(new ListTasksQuery(id, status, batch == null ? null : new BatchId(batch), page, size),
                TaskPage.class, "tasks");
    }

    @PostMapping("/projects/{projectId}/batches")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a batch (in DRAFT; open it to hand out its tasks)")
    IdResponse createBatch(@PathVariable UUID projectId, @Valid @RequestBody CreateBatchRequest request) {
        ProjectId id = new ProjectId(projectId);
        access.requireProject(id, Role.MANAGING);
        BatchId batchId = BatchId.random();
        gateways.send(new CreateBatchCommand(batchId, id, request.name().strip(),
                request.priority() == null ? 0 : request.priority(), CurrentUser.get().id()));
        return new IdResponse(batchId.value());
    }

    @GetMapping("/projects/{projectId}/batches")
    @Operation(summary = "Batches of a project")
    List<BatchView> batches(@PathVariable UUID projectId) {
        ProjectId id = new ProjectId(projectId);
        access.requireProject(id, Access.ANY_MEMBER);
        return gateways.queryList(new ListBatchesQuery(id), BatchView.class, "workspaces");
    }

    /** Accepts "NONE", "ALL", a number in (0,1) as a sample rate, or {"mode": ..., "sampleRate": ...}. */
    static ReviewPolicy reviewPolicy(JsonNode node) {
        if (node == null || node.isNull()) {
            return ReviewPolicy.NONE;
        }
        try {
            if (node.isString()) {
                return switch (ReviewMode.valueOf(node.asString().toUpperCase(Locale.ROOT))) {
                    case NONE -> ReviewPolicy.NONE;
                    case ALL -> ReviewPolicy.ALL;
                    case SAMPLE -> throw invalidPolicy();
                };
            }
            if (node.isNumber()) {
                return ReviewPolicy.sample(node.asDouble());
            }
            if (node.isObject() && node.has("mode")) {
                ReviewMode mode = ReviewMode.valueOf(node.get("mode").asString().toUpperCase(Locale.ROOT));
                double rate = node.has("sampleRate") ? node.get("sampleRate").asDouble() : 0;
                return new ReviewPolicy(mode, rate);
            }
        } catch (IllegalArgumentException e) {
            throw invalidPolicy();
        }
        throw invalidPolicy();
    }

    private static DomainException invalidPolicy() {
        return new DomainException(ErrorCode.VALIDATION_FAILED, "invalid review policy",
                List.of(new Violation("reviewPolicy",
                        "\"NONE\", \"ALL\", or {\"mode\": \"SAMPLE\", \"sampleRate\": 0 < r < 1}")));
    }
}
