package io.annotrail.app.project;

import com.vaadin.hilla.BrowserCallable;
import io.annotrail.app.identity.UserNames;
import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.app.web.UiJson;
import io.annotrail.command.directory.Directory;
import io.annotrail.command.schema.SchemaValidation;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewMode;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.task.TaskPage;
import io.annotrail.domain.project.ListProjectsQuery;
import io.annotrail.domain.project.ProjectActivity;
import io.annotrail.domain.project.ProjectActivityQuery;
import io.annotrail.domain.project.ProjectProgress;
import io.annotrail.domain.project.ProjectProgressQuery;
import io.annotrail.domain.project.ProjectSummary;
import io.annotrail.domain.project.ProjectView;
import io.annotrail.domain.workspace.ListWorkspacesQuery;
import io.annotrail.domain.workspace.WorkspaceSummary;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.NonNull;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Projects for the browser UI: the project list across the caller's workspaces, one project with its schema, project
 * creation and schema versions (through the REST controller's own code path), a schema check for the editor, and
 * the dashboard (progress, throughput, per-annotator counts), also as a live stream.
 */
@BrowserCallable
@RolesAllowed("USER")
public class ProjectService {

    /** {@code tasks} and {@code completed}: the project's progress, for the bar on its card. */
    public record ProjectItem(@NonNull String id, @NonNull String workspaceId, @NonNull String workspaceName,
                              @NonNull String name, int schemaVersion, @NonNull Role role, long tasks, long completed) {
    }

    public record ProjectDetail(@NonNull String id, @NonNull String workspaceId, @NonNull String workspaceName, @NonNull String name,
                                @Nullable String instructions, int schemaVersion, @NonNull String schemaJson, int overlap,
                                int leaseSeconds, @NonNull ReviewMode reviewMode, double sampleRate, @NonNull Role role) {
    }

    public record NewProject(@NotBlank @Size(max = 200) @NonNull String name, @Nullable @Size(max = 20_000) String instructions,
                             @NotBlank @Size(max = SchemaValidation.MAX_SCHEMA_BYTES) @NonNull String schemaJson,
                             @Min(1) @Max(20) int overlap, @Min(30) @Max(86_400) int leaseSeconds,
                             @NotNull @NonNull ReviewMode reviewMode, double sampleRate) {
    }

    public record BatchItem(@NonNull String id, @NonNull String name, @NonNull BatchStatus status, int priority, long tasks) {
    }

    public record TaskRow(@NonNull String taskId, @NonNull String batchId, @NonNull String externalId,
                          @NonNull TaskStatus status, int annotations, int activeLeases, @NonNull String updatedAt) {
    }

    public record TaskRows(@NonNull List<@NonNull TaskRow> items, int page, int size, long total) {
    }

    public record FieldError(@NonNull String path, @NonNull String message) {
    }

    public enum Range {
        /** The last hour by minute. */
        HOUR(Duration.ofHours(1), Duration.ofMinutes(1)),
        /** The last day by hour. */
        DAY(Duration.ofDays(1), Duration.ofHours(1)),
        /** The last two weeks by day. */
        FORTNIGHT(Duration.ofDays(14), Duration.ofDays(1));

        final Duration window;
        final Duration bucket;

        Range(Duration window, Duration bucket) {
            this.window = window;
            this.bucket = bucket;
        }
    }

    public record StatusCount(@NonNull String status, long count) {
    }

    public record ThroughputPoint(@NonNull String start, long submitted, long reviewed) {
    }

    public record AnnotatorStats(@NonNull String annotatorId, @NonNull String name, long submitted, long accepted, long rejected,
                                 long pending, long notReviewed) {
    }

    public record Dashboard(@NonNull String asOf, long tasks, long annotations, long pendingReview, @NonNull List<@NonNull StatusCount> statuses,
                            @NonNull List<@NonNull ThroughputPoint> throughput, @NonNull List<@NonNull AnnotatorStats> annotators) {
    }

    static final Duration LIVE_INTERVAL = Duration.ofSeconds(2);

    private final ProjectController rest;
    private final Gateways gateways;
    private final Access access;
    private final Directory directory;
    private final SchemaValidation schemaValidation;
    private final UiJson json;
    private final UserNames names;
    private final Clock clock;

    ProjectService(ProjectController rest, Gateways gateways, Access access, Directory directory,
                   SchemaValidation schemaValidation, UiJson json, UserNames names, Clock clock) {
        this.rest = rest;
        this.gateways = gateways;
        this.access = access;
        this.directory = directory;
        this.schemaValidation = schemaValidation;
        this.json = json;
        this.names = names;
        this.clock = clock;
    }

    /** Every project the caller can see, with the caller's role, grouped by workspace. */
    public @NonNull List<@NonNull ProjectItem> list() {
        List<ProjectItem> items = new ArrayList<>();
        List<WorkspaceSummary> workspaces = gateways.queryList(new ListWorkspacesQuery(CurrentUser.get().id()),
                WorkspaceSummary.class, "workspaces");
        for (WorkspaceSummary ws : workspaces) {
            for (ProjectSummary project : gateways.queryList(new ListProjectsQuery(ws.id()), ProjectSummary.class,
                    "workspaces")) {
                // As the projection has it (no wait): a start page prefers speed.
                ProjectProgress progress = gateways.query(new ProjectProgressQuery(project.id()), ProjectProgress.class);
                items.add(new ProjectItem(project.id().toString(), ws.id().toString(), ws.name(), project.name(),
                        project.schemaVersion(), ws.role(), progress == null ? 0 : progress.tasks(),
                        progress == null ? 0 : progress.completed()));
            }
        }
        items.sort(Comparator.comparing(ProjectItem::workspaceName, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(ProjectItem::name, String.CASE_INSENSITIVE_ORDER));
        return items;
    }

    public @NonNull ProjectDetail get(UUID projectId) {
        ProjectView view = rest.get(projectId);
        Role role = directory.requireRole(view.workspaceId(), CurrentUser.get().id(), Access.ANY_MEMBER,
                ErrorCode.PROJECT_NOT_FOUND);
        String workspaceName = gateways.queryList(new ListWorkspacesQuery(CurrentUser.get().id()),
                        WorkspaceSummary.class, "workspaces").stream()
                .filter(ws -> ws.id().equals(view.workspaceId())).map(WorkspaceSummary::name).findFirst().orElse("");
        return new ProjectDetail(view.projectId().toString(), view.workspaceId().toString(), workspaceName,
                view.name(), view.instructions(), view.schemaVersion(), json.write(view.responseSchema()),
                view.overlap(), view.leaseSeconds(), view.reviewPolicy().mode(), view.reviewPolicy().sampleRate(),
                role);
    }

    /** Creates a project with schema version 1 (MANAGER or ADMIN of the workspace); answers its id. */
    public @NonNull String create(UUID workspaceId, @Valid NewProject project) {
        JsonNode schema = json.parse("schemaJson", project.schemaJson());
        ObjectNode policy = JsonNodeFactory.instance.objectNode()
                .put("mode", project.reviewMode().name())
                .put("sampleRate", project.sampleRate());
        return rest.create(workspaceId, new ProjectController.CreateProjectRequest(project.name(),
                        project.instructions(), schema, project.overlap(), project.leaseSeconds(), policy))
                .id().toString();
    }

    /** Problems with a schema as the server sees them, for the editor (an empty list: the schema is accepted). */
    public @NonNull List<@NonNull FieldError> checkSchema(@NotNull @Size(max = SchemaValidation.MAX_SCHEMA_BYTES) String schemaJson) {
        try {
            return schemaValidation.checkSchema(json.parse("schemaJson", schemaJson)).stream()
                    .map(v -> new FieldError(v.path(), v.message())).toList();
        } catch (DomainException e) {
            return e.violations().stream().map(v -> new FieldError(v.path(), v.message())).toList();
        }
    }

    /** A new schema version (MANAGER or ADMIN); leases taken before keep the version they were given. */
    public int changeSchema(UUID projectId, @NotBlank @Size(max = SchemaValidation.MAX_SCHEMA_BYTES) String schemaJson) {
        return rest.changeSchema(projectId, new ProjectController.SchemaRequest(json.parse("schemaJson", schemaJson)))
                .schemaVersion();
    }

    public @NonNull List<@NonNull BatchItem> batches(UUID projectId) {
        return rest.batches(projectId).stream()
                .map(b -> new BatchItem(b.batchId().toString(), b.name(), b.status(), b.priority(), b.tasks()))
                .toList();
    }

    /** A new batch in DRAFT (MANAGER or ADMIN); answers its id. */
    public @NonNull String createBatch(UUID projectId, @NotBlank @Size(max = 200) String name,
                              @Min(-1000) @Max(1000) int priority) {
        return rest.createBatch(projectId, new ProjectController.CreateBatchRequest(name, priority)).id().toString();
    }

    /** A page of the project's tasks, optionally by status and batch (READING roles: managers, reviewers, ...). */
    public @NonNull TaskRows tasks(UUID projectId, @Nullable TaskStatus status, @Nullable UUID batchId,
                                   @Min(0) int page, @Min(1) @Max(200) int size) {
        TaskPage result = rest.tasks(projectId, status, batchId, page, size);
        return new TaskRows(result.items().stream()
                .map(t -> new TaskRow(t.taskId().toString(), t.batchId().toString(), t.externalId(), t.status(),
                        t.annotations(), t.activeLeases(), t.updatedAt().toString()))
                .toList(), result.page(), result.size(), result.total());
    }

    public @NonNull Dashboard dashboard(UUID projectId, Range range) {
        ProjectId id = new ProjectId(projectId);
        Directory.ProjectEntry project = access.requireProject(id, Access.ANY_MEMBER);
        return dashboardOf(id, range, viewer(project, CurrentUser.get().id()));
    }

    /**
     * The dashboard again whenever it changes (checked every {@link #LIVE_INTERVAL}). The permission check happens
     * here, on the caller's request; the stream itself only reads read models.
     */
    public @NonNull Flux<@NonNull Dashboard> live(UUID projectId, Range range) {
        ProjectId id = new ProjectId(projectId);
        Directory.ProjectEntry project = access.requireProject(id, Access.ANY_MEMBER);
        UserId caller = CurrentUser.get().id();
        // The membership is checked again at every tick: someone removed from the workspace stops getting data.
        return Flux.interval(Duration.ZERO, LIVE_INTERVAL, Schedulers.boundedElastic())
                .map(tick -> dashboardOf(id, range, viewer(project, caller)))
                .distinctUntilChanged(d -> List.of(d.statuses(), d.throughput(), d.annotators()))
                .onBackpressureLatest();
    }

    /**
     * Whose per-annotator counts the caller sees: everyone's for the roles that read the project's results, only
     * their own for the others (an annotator does not see colleagues' rejections). Throws when the caller is no
     * longer a member.
     */
    private Predicate<UserId> viewer(Directory.ProjectEntry project, UserId caller) {
        Role role = directory.requireRole(project.workspaceId(), caller, Access.ANY_MEMBER, ErrorCode.PROJECT_NOT_FOUND);
        return Role.READING.contains(role) ? annotator -> true : caller::equals;
    }

    private Dashboard dashboardOf(ProjectId id, Range range, Predicate<UserId> visibleAnnotator) {
        Instant now = clock.instant();
        // Read as the projections have it, without waiting for them: a dashboard prefers speed, and the live
        // stream shows the rest two seconds later.
        ProjectProgress progress = gateways.query(new ProjectProgressQuery(id), ProjectProgress.class);
        // Whole buckets, the last one holding "now": a chart of exactly window / bucket points.
        long bucket = range.bucket.toSeconds();
        Instant end = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), bucket) * bucket + bucket);
        ProjectActivity activity = gateways.query(new ProjectActivityQuery(id, end.minus(range.window), end,
                range.bucket), ProjectActivity.class);
        List<StatusCount> statuses = progress == null ? List.of() : List.of(
                new StatusCount("OPEN", progress.open()),
                new StatusCount("IN_PROGRESS", progress.inProgress()),
                new StatusCount("SUBMITTED", progress.submitted()),
                new StatusCount("IN_REVIEW", progress.inReview()),
                new StatusCount("COMPLETED", progress.completed()));
        List<ProjectActivity.AnnotatorCounts> shown = activity.annotators().stream()
                .filter(a -> visibleAnnotator.test(a.annotatorId())).toList();
        var ids = shown.stream().map(ProjectActivity.AnnotatorCounts::annotatorId).toList();
        Map<UserId, String> annotatorNames = names.of(ids);
        return new Dashboard(now.toString(), progress == null ? 0 : progress.tasks(),
                progress == null ? 0 : progress.annotations(),
                activity.annotators().stream().mapToLong(ProjectActivity.AnnotatorCounts::pending).sum(), statuses,
                activity.throughput().stream()
                        .map(b -> new ThroughputPoint(b.start().toString(), b.submitted(), b.reviewed())).toList(),
                shown.stream()
                        .map(a -> new AnnotatorStats(a.annotatorId().toString(), annotatorNames.get(a.annotatorId()),
                                a.submitted(), a.accepted(), a.rejected(), a.pending(), a.notReviewed()))
                        .toList());
    }
}
