package io.annotrail.app.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.annotrail.app.asset.AssetProperties;
import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.app.web.ReadConsistency;
import io.annotrail.command.asset.AssetStore;
import io.annotrail.command.directory.Directory;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.AssignmentStrategy;
import io.annotrail.domain.job.ExportFormat;
import io.annotrail.domain.job.FindJobQuery;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.JobStatus;
import io.annotrail.domain.job.JobType;
import io.annotrail.domain.job.JobView;
import io.annotrail.domain.job.RequestJobCancellationCommand;
import io.annotrail.domain.job.StartAssignmentJobCommand;
import io.annotrail.domain.job.StartExportJobCommand;
import io.annotrail.domain.job.TaskFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Jobs", description = "Bulk assignment, export and the progress of long-running jobs")
class JobController {

    record FilterRequest(UUID batch, TaskStatus status) {
        TaskFilter toFilter() {
            return new TaskFilter(batch == null ? null : new BatchId(batch), status);
        }
    }

    record AssignmentRequest(@NotEmpty @Size(max = 100) List<@NotNull UUID> annotators, @Valid FilterRequest filter,
                             AssignmentStrategy strategy, @Min(1) @Max(1_000_000) Integer limit) {
    }

    record ExportRequest(@NotNull ExportFormat format, @Size(max = 4) List<@NotNull String> include,
                         @Valid FilterRequest filter, @Min(0) Long eventPosition) {
    }

    record JobStarted(UUID jobId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JobResponse(UUID jobId, JobType type, JobStatus status, long done, long total, long failed,
                       boolean cancellationRequested, Instant startedAt, Instant finishedAt, JsonNode result,
                       String error) {
    }

    private final Gateways gateways;
    private final Access access;
    private final Directory directory;
    private final ReadConsistency readConsistency;
    private final ObjectProvider<AssetStore> assets;
    private final ObjectProvider<AssetProperties> assetProperties;

    JobController(Gateways gateways, Access access, Directory directory, ReadConsistency readConsistency,
                  ObjectProvider<AssetStore> assets, ObjectProvider<AssetProperties> assetProperties) {
        this.gateways = gateways;
        this.access = access;
        this.directory = directory;
        this.readConsistency = readConsistency;
        this.assets = assets;
        this.assetProperties = assetProperties;
    }

    @PostMapping("/projects/{projectId}/assignments")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Reserve tasks (by filter) for annotators, round-robin or balanced by load; answers a job id",
            description = "limit caps the tasks considered, in external-id order. Each task gets at most one of the "
                    + "named annotators; a task someone of them is already on, a full or a completed task is skipped, "
                    + "so running the same assignment again changes nothing.")
    JobStarted assign(@PathVariable UUID projectId, @Valid @RequestBody AssignmentRequest request) {
        ProjectId id = new ProjectId(projectId);
        access.requireProject(id, Role.MANAGING);
        // The saga selects tasks from the read models: let them see every task imported before this request.
        readConsistency.await("tasks", "queue");
        JobId jobId = JobId.random();
        gateways.send(new StartAssignmentJobCommand(jobId, id, request.annotators().stream().map(UserId::new).toList(),
                request.filter() == null ? TaskFilter.ALL : request.filter().toFilter(),
                request.strategy() == null ? AssignmentStrategy.ROUND_ROBIN : request.strategy(),
                request.limit() == null ? 0 : request.limit(), CurrentUser.get().id()));
        return new JobStarted(jobId.value());
    }

    @PostMapping("/projects/{projectId}/exports")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Export the project's tasks with annotations and reviews (JSONL or CSV); answers a job id",
            description = "The export is tied to an event position: the request's own unless eventPosition is given "
                    + "(an earlier export's eventPosition reproduces that file byte for byte).")
    JobStarted export(@PathVariable UUID projectId, @Valid @RequestBody ExportRequest request) {
        ProjectId id = new ProjectId(projectId);
        access.requireProject(id, Role.MANAGING);
        JobId jobId = JobId.random();
        gateways.send(new StartExportJobCommand(jobId, id, request.format(),
                request.include() == null ? List.of() : request.include(),
                request.filter() == null ? TaskFilter.ALL : request.filter().toFilter(), request.eventPosition(),
                CurrentUser.get().id()));
        return new JobStarted(jobId.value());
    }

    @GetMapping("/jobs/{jobId}")
    @Operation(summary = "A job's progress and result; a completed export's result has a fresh signed download URL")
    JobResponse get(@PathVariable UUID jobId) {
        Visible found = find(new JobId(jobId));
        return response(found.job(), Role.READING.contains(found.role()));
    }

    /**
     * A job as the API answers it. An export holds everyone's annotations and reviews: only callers whose role may
     * read them ({@code mayReadResults}) get a download link.
     */
    JobResponse response(JobView job, boolean mayReadResults) {
        JsonNode result = job.result();
        if (job.type() == JobType.EXPORT && job.status() == JobStatus.COMPLETED && result instanceof ObjectNode stored) {
            result = mayReadResults ? exportResult(stored) : withoutFile(stored);
        }
        return new JobResponse(job.jobId().value(), job.type(), job.status(), job.done(), job.total(), job.failed(),
                job.cancellationRequested(), job.startedAt(), job.finishedAt(), result, job.error());
    }


    @PostMapping("/jobs/{jobId}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Ask a running job to stop; it stops between two steps")
    void cancel(@PathVariable UUID jobId) {
        JobId id = new JobId(jobId);
        find(id);
        try {
            gateways.send(new RequestJobCancellationCommand(id, CurrentUser.get().id()));
        } catch (AggregateNotFoundException e) {
            throw new DomainException(ErrorCode.JOB_NOT_FOUND, "no such job");
        }
    }

    private record Visible(JobView job, Role role) {
    }

    /** The job and the caller's role, for members of its workspace; anyone else is told the job does not exist. */
    private Visible find(JobId id) {
        JobView job = gateways.query(new FindJobQuery(id), JobView.class, "jobs");
        if (job == null) {
            throw new DomainException(ErrorCode.JOB_NOT_FOUND, "no such job");
        }
        Role role = directory.requireRole(job.workspaceId(), CurrentUser.get().id(), Access.ANY_MEMBER,
                ErrorCode.JOB_NOT_FOUND);
        return new Visible(job, role);
    }

    private static JsonNode withoutFile(ObjectNode stored) {
        ObjectNode result = stored.deepCopy();
        result.remove("assetKey");
        result.remove("fileName");
        return result;
    }

    /**
     * The stored result names the file, never a URL: a signed URL expires within minutes, so each read signs a new
     * one.
     */
    private JsonNode exportResult(ObjectNode stored) {
        ObjectNode result = stored.deepCopy();
        String key = result.path("assetKey").asString(null);
        String fileName = result.path("fileName").asString("export");
        result.remove("assetKey");
        result.remove("fileName");
        AssetStore store = assets.getIfAvailable();
        if (key != null && store != null) {
            AssetProperties properties = assetProperties.getIfAvailable();
            java.time.Duration ttl = properties == null ? java.time.Duration.ofMinutes(10) : properties.urlTtl();
            result.put("downloadUrl", store.signedUrl(key, ttl, fileName).toString());
        }
        return result;
    }
}
