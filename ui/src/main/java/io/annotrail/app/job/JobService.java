package io.annotrail.app.job;

import com.vaadin.hilla.BrowserCallable;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.app.web.UiJson;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.job.AssignmentStrategy;
import io.annotrail.domain.job.ExportFormat;
import io.annotrail.domain.job.JobStatus;
import io.annotrail.domain.job.JobType;
import io.annotrail.domain.job.JobView;
import io.annotrail.domain.job.ListJobsQuery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.NonNull;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.UUID;

/**
 * Long-running jobs of a project (bulk assignment, export, pre-labelling) with their progress, for the progress bars
 * of the project page; starting an export or a bulk assignment and cancelling a job go through the REST controller's
 * code path.
 */
@BrowserCallable
@RolesAllowed("USER")
public class JobService {

    /** {@code resultJson}: the job's result; a completed export's carries a fresh signed {@code downloadUrl}. */
    public record JobItem(@NonNull String jobId, @NonNull JobType type, @NonNull JobStatus status, long done, long total, long failed,
                          boolean cancellationRequested, @NonNull String startedAt, @Nullable String finishedAt,
                          @Nullable String resultJson, @Nullable String error) {
    }

    private final JobController rest;
    private final Gateways gateways;
    private final Access access;
    private final UiJson json;

    JobService(JobController rest, Gateways gateways, Access access, UiJson json) {
        this.rest = rest;
        this.gateways = gateways;
        this.access = access;
        this.json = json;
    }

    /** The project's 20 most recent jobs, newest first (the roles that read the project's results). */
    public @NonNull List<@NonNull JobItem> list(UUID projectId) {
        ProjectId id = new ProjectId(projectId);
        access.requireProject(id, Role.READING);
        return gateways.queryList(new ListJobsQuery(id, 20), JobView.class, "jobs").stream()
                // Every caller here may read the project's results (checked above), export links included.
                .map(job -> item(rest.response(job, true)))
                .toList();
    }

    /** Starts an export of every task (MANAGER or ADMIN); answers the job id. */
    public @NonNull String export(UUID projectId, @NotNull ExportFormat format) {
        return rest.export(projectId, new JobController.ExportRequest(format, null, null, null)).jobId().toString();
    }

    /**
     * Reserves tasks of a batch (or of the whole project) for the named annotators, round-robin or balanced by load
     * (MANAGER or ADMIN); answers the job id. Tasks someone of them already works on, full or completed tasks are
     * skipped, so running it again changes nothing.
     */
    public @NonNull String assign(UUID projectId, @Nullable UUID batchId,
                                  @NotEmpty @Size(max = 100) List<@NotNull UUID> annotators,
                                  @NotNull AssignmentStrategy strategy) {
        return rest.assign(projectId, new JobController.AssignmentRequest(annotators,
                        new JobController.FilterRequest(batchId, null), strategy, null))
                .jobId().toString();
    }

    public void cancel(UUID jobId) {
        rest.cancel(jobId);
    }

    private JobItem item(JobController.JobResponse job) {
        return new JobItem(job.jobId().toString(), job.type(), job.status(), job.done(), job.total(), job.failed(),
                job.cancellationRequested(), job.startedAt().toString(),
                job.finishedAt() == null ? null : job.finishedAt().toString(), json.write(job.result()), job.error());
    }
}
