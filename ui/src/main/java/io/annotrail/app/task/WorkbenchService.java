package io.annotrail.app.task;

import com.vaadin.hilla.BrowserCallable;
import io.annotrail.app.identity.UserNames;
import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Gateways;
import io.annotrail.app.web.UiJson;
import io.annotrail.command.directory.Directory;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.task.FindTaskQuery;
import io.annotrail.domain.task.TaskView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.NonNull;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * The annotator's workbench: claim the next task, keep its lease alive, submit, skip or release. Each call is the
 * REST API's own code path (claim-next with SKIP LOCKED candidates, lease checks in the task aggregate, idempotent
 * submit keyed by the client's submission id), so the browser and scripts follow one set of rules.
 */
@BrowserCallable
@RolesAllowed("USER")
public class WorkbenchService {

    /**
     * A claimed task. {@code dataJson} is the imported task data, hostile until proven otherwise: the client renders
     * it as text only. {@code assets} maps assetRefs to short-lived signed URLs.
     */
    /**
     * A lease's end with the server's clock at the moment of the answer: the client measures the time left against
     * that, not against its own clock (which may be off by minutes).
     */
    public record LeaseTime(@NonNull String expiresAt, @NonNull String serverNow) {
    }

    /**
     * The caller's own earlier answer to this task when a reviewer rejected it: the task came back for rework, with
     * the reviewer's comment, and the form starts from that answer.
     */
    public record Rework(@NonNull String previousResponseJson, @Nullable String comment, @NonNull String reviewerName) {
    }

    public record WorkItem(@NonNull String taskId, @NonNull String externalId, @NonNull String serverNow, @NonNull String leaseId, @NonNull String expiresAt, @NonNull String dataJson, int schemaVersion,
                           @NonNull String schemaJson,
                           @Nullable String suggestionJson, @NonNull Map<@NonNull String, @NonNull String> assets,
                           @Nullable Rework rework) {
    }

    private final TaskController rest;
    private final Gateways gateways;
    private final Directory directory;
    private final UiJson json;
    private final Clock clock;
    private final UserNames names;

    WorkbenchService(TaskController rest, Gateways gateways, Directory directory, UiJson json, Clock clock,
                     UserNames names) {
        this.names = names;
        this.rest = rest;
        this.gateways = gateways;
        this.directory = directory;
        this.json = json;
        this.clock = clock;
    }

    /** The next task for the caller in this project, under a new lease; {@code null} when there is nothing to do. */
    public @Nullable WorkItem claim(UUID projectId) {
        TaskController.ClaimResponse claim = rest.claim(projectId).getBody();
        if (claim == null) {
            return null;
        }
        // The external id is what people call a task by; the claim answer (the REST contract) does not carry it.
        TaskView task = gateways.queryExisting(new FindTaskQuery(new TaskId(claim.taskId())), TaskView.class, "tasks");
        return new WorkItem(claim.taskId().toString(), task == null ? "" : task.externalId(),
                clock.instant().toString(), claim.leaseId().toString(), claim.expiresAt().toString(),
                json.write(claim.data()), claim.schemaVersion(),
                // The form follows the schema version the lease pins, even when the project has a newer one by now.
                directory.schema(new ProjectId(projectId), claim.schemaVersion()).map(json::write).orElse("{}"),
                json.write(claim.suggestion()), claim.assets(), task == null ? null : rework(task));
    }

    /** The caller's latest answer to the task, if a reviewer rejected it (the claim is then its rework). */
    private @Nullable Rework rework(TaskView task) {
        UserId me = CurrentUser.get().id();
        return task.annotations().stream()
                .filter(a -> a.annotatorId().equals(me))
                .reduce((earlier, later) -> later)
                .filter(latest -> "REJECTED".equals(latest.reviewStatus()))
                .flatMap(rejected -> task.reviews().stream()
                        .filter(r -> r.annotationId().equals(rejected.annotationId()))
                        .reduce((earlier, later) -> later)
                        .map(review -> new Rework(json.write(rejected.response()), review.comment(),
                                names.name(review.reviewerId()))))
                .orElse(null);
    }

    /** Extends a live lease; answers the new expiry. */
    public @NonNull LeaseTime renew(UUID leaseId) {
        return new LeaseTime(rest.renew(leaseId).expiresAt().toString(), clock.instant().toString());
    }

    public void release(UUID leaseId) {
        rest.release(leaseId);
    }

    public void skip(UUID taskId, UUID leaseId, @NotBlank @Size(max = 1000) String reason) {
        rest.skip(taskId, new TaskController.SkipRequest(leaseId, reason));
    }

    /**
     * Submits a response under a live lease; a retry with the same {@code submissionId} answers the first
     * annotation's id and stores nothing new. {@code shownForMillis}: how long the task was on screen (the workbench
     * claims the next task before it shows it), recorded as the time on task.
     */
    public @NonNull String submit(UUID taskId, UUID leaseId,
                         @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:-]+") String submissionId,
                         @NotNull String responseJson, @Nullable @Min(0) Long shownForMillis) {
        return rest.submit(taskId, new TaskController.SubmitRequest(leaseId, submissionId,
                json.parse("response", responseJson)), shownForMillis).annotationId().toString();
    }
}
