package io.annotrail.app.task;

import com.vaadin.hilla.BrowserCallable;
import io.annotrail.app.asset.AssetLinks;
import io.annotrail.app.identity.UserNames;
import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.app.web.UiJson;
import io.annotrail.command.directory.Directory;
import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.task.HistoryEntry;
import io.annotrail.domain.task.ReviewQueueQuery;
import io.annotrail.domain.task.ReviewView;
import io.annotrail.domain.task.TaskPage;
import io.annotrail.domain.task.TaskView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.NonNull;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A task as people read it (its state, every annotation side by side with its review, and the timeline of its
 * events), and the reviewers' work: the queue of tasks waiting for review and accept / reject.
 */
@BrowserCallable
@RolesAllowed("USER")
public class TaskPageService {

    public record AnnotationItem(@NonNull String annotationId, @NonNull String annotatorId, @NonNull String annotatorName, @NonNull String submittedAt,
                                 @NonNull String responseJson, int schemaVersion, long timeOnTaskMillis, @NonNull String reviewStatus,
                                 boolean fromSuggestion, @NonNull List<@NonNull String> changedFields, @Nullable String reviewerName,
                                 @Nullable String reviewComment, @Nullable String reviewedAt, boolean mine) {
    }

    public record LeaseItem(@NonNull String annotatorName, @NonNull String claimedAt, @NonNull String expiresAt, boolean rework) {
    }

    public record TaskDetail(@NonNull String taskId, @NonNull String projectId, @NonNull String batchId, @NonNull String externalId, @NonNull TaskStatus status,
                             @NonNull String dataJson, @Nullable String suggestionJson, int overlap, @NonNull String createdAt,
                             @NonNull String updatedAt, @NonNull List<@NonNull AnnotationItem> annotations, @NonNull List<@NonNull LeaseItem> leases,
                             @NonNull Map<@NonNull String, @NonNull String> assets, boolean canReview) {
    }

    public record HistoryItem(long seq, @NonNull String type, @NonNull String at, @NonNull String actor, @NonNull String payloadJson) {
    }

    public record QueueItem(@NonNull String taskId, @NonNull String externalId, @NonNull TaskStatus status, int annotations, @NonNull String updatedAt) {
    }

    public record QueuePage(@NonNull List<@NonNull QueueItem> items, int page, int size, long total) {
    }

    private final TaskController rest;
    private final Gateways gateways;
    private final Access access;
    private final Directory directory;
    private final AssetLinks assetLinks;
    private final UserNames names;
    private final UiJson json;

    TaskPageService(TaskController rest, Gateways gateways, Access access, Directory directory, AssetLinks assetLinks,
                    UserNames names, UiJson json) {
        this.rest = rest;
        this.gateways = gateways;
        this.access = access;
        this.directory = directory;
        this.assetLinks = assetLinks;
        this.names = names;
        this.json = json;
    }

    /** The task now (READING roles of its workspace). */
    public @NonNull TaskDetail get(UUID taskId) {
        TaskView task = rest.get(taskId, null);
        UserId me = CurrentUser.get().id();
        Set<UserId> people = new HashSet<>();
        task.annotations().forEach(a -> people.add(a.annotatorId()));
        task.reviews().forEach(r -> people.add(r.reviewerId()));
        task.leases().forEach(l -> people.add(l.annotatorId()));
        Map<UserId, String> nameOf = names.of(people);
        Map<AnnotationId, ReviewView> reviews = task.reviews().stream()
                .collect(Collectors.toMap(ReviewView::annotationId, Function.identity(), (first, later) -> later));
        List<AnnotationItem> annotations = task.annotations().stream().map(a -> {
            ReviewView review = reviews.get(a.annotationId());
            return new AnnotationItem(a.annotationId().toString(), a.annotatorId().toString(),
                    nameOf.get(a.annotatorId()), a.submittedAt().toString(), json.write(a.response()),
                    a.schemaVersion(), a.timeOnTaskMillis(), a.reviewStatus(), a.fromSuggestion(), a.changedFields(),
                    review == null ? null : nameOf.get(review.reviewerId()),
                    review == null ? null : review.comment(),
                    review == null ? null : review.reviewedAt().toString(), a.annotatorId().equals(me));
        }).toList();
        List<LeaseItem> leases = task.leases().stream()
                .map(l -> new LeaseItem(nameOf.get(l.annotatorId()), l.claimedAt().toString(),
                        l.expiresAt().toString(), l.rework()))
                .toList();
        boolean canReview = Role.REVIEWING.contains(directory.requireRole(task.workspaceId(), me, Access.ANY_MEMBER,
                ErrorCode.TASK_NOT_FOUND));
        return new TaskDetail(task.taskId().toString(), task.projectId().toString(), task.batchId().toString(),
                task.externalId(), task.status(), json.write(task.data()), json.write(task.suggestion()),
                task.overlap(), task.createdAt().toString(), task.updatedAt().toString(), annotations, leases,
                assetLinks.signedUrls(task.projectId(), task.data()), canReview);
    }

    /** Every event of the task in order, with the actor's name. */
    public @NonNull List<@NonNull HistoryItem> history(UUID taskId) {
        List<HistoryEntry> entries = rest.history(taskId);
        Map<String, String> actors = new java.util.HashMap<>();
        List<HistoryItem> items = new ArrayList<>(entries.size());
        for (HistoryEntry entry : entries) {
            String actor = actors.computeIfAbsent(String.valueOf(entry.actor()), TaskPageService.this::actorName);
            items.add(new HistoryItem(entry.seq(), entry.type(), entry.at().toString(), actor,
                    entry.payload() == null ? "{}" : json.write(entry.payload())));
        }
        return items;
    }

    /** Tasks with annotations waiting for review, longest-waiting first (REVIEWER, MANAGER or ADMIN). */
    public @NonNull QueuePage reviewQueue(UUID projectId, @Min(0) int page, @Min(1) @Max(100) int size) {
        ProjectId id = new ProjectId(projectId);
        access.requireProject(id, Role.REVIEWING);
        TaskPage result = gateways.query(new ReviewQueueQuery(id, page, size), TaskPage.class, "tasks");
        return new QueuePage(result.items().stream()
                .map(t -> new QueueItem(t.taskId().toString(), t.externalId(), t.status(), t.annotations(),
                        t.updatedAt().toString()))
                .toList(), result.page(), result.size(), result.total());
    }

    /** Accepts or rejects one annotation; a rejection gives its annotator the slot back to rework. */
    public void review(UUID annotationId, @NotNull ReviewDecision decision, @Nullable @Size(max = 5000) String comment) {
        rest.review(annotationId, new TaskController.ReviewRequest(decision,
                comment == null || comment.isBlank() ? null : comment.strip()));
    }

    private String actorName(String actor) {
        try {
            return names.name(UserId.of(actor));
        } catch (IllegalArgumentException notAUser) {
            return actor; // "system" (deadline expiry) or another non-person actor
        }
    }
}
