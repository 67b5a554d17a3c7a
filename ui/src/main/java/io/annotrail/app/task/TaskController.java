package io.annotrail.app.task;

import io.annotrail.app.asset.AssetLinks;
import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.command.directory.Directory;
import io.annotrail.domain.common.*;
import io.annotrail.domain.task.*;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Tasks", description = "Claiming, leases, annotations, reviews, task state and history")
class TaskController {

    /** {@code assets}: a short-lived signed URL for every assetRef in {@code data} that belongs to the project. */
    record ClaimResponse(UUID taskId, UUID leaseId, Instant expiresAt, JsonNode data, int schemaVersion,
                         JsonNode suggestion, Map<String, String> assets) {
    }

    record RenewResponse(Instant expiresAt) {
    }

    record SubmitRequest(@NotNull UUID leaseId,
                         @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:-]+") String submissionId,
                         @NotNull JsonNode response) {
    }

    record AnnotationResponse(UUID annotationId) {
    }

    record SkipRequest(@NotNull UUID leaseId, @NotBlank @Size(max = 1000) String reason) {
    }

    record ReviewRequest(@NotNull ReviewDecision decision, @Size(max = 5000) String comment) {
    }

    record ReviewResponse(UUID annotationId, ReviewDecision decision) {
    }

    private final ClaimService claims;
    private final Gateways gateways;
    private final Access access;
    private final Directory directory;
    private final AssetLinks assetLinks;

    TaskController(ClaimService claims, Gateways gateways, Access access, Directory directory, AssetLinks assetLinks) {
        this.claims = claims;
        this.gateways = gateways;
        this.access = access;
        this.directory = directory;
        this.assetLinks = assetLinks;
    }

    @PostMapping("/projects/{projectId}/claims")
    @Operation(summary = "Claim the next task for the caller: 201 with a lease, 204 when there is nothing to do")
    ResponseEntity<ClaimResponse> claim(@PathVariable UUID projectId) {
        return claims.claimNext(new ProjectId(projectId))
                .map(granted -> {
                    TaskView task = gateways.queryExisting(new FindTaskQuery(granted.taskId()), TaskView.class, "tasks");
                    return ResponseEntity.status(HttpStatus.CREATED).body(new ClaimResponse(
                            granted.taskId().value(), granted.leaseId().value(), granted.expiresAt(),
                            task == null ? null : task.data(), granted.schemaVersion(),
                            task == null ? null : task.suggestion(),
                            task == null ? Map.of() : assetLinks.signedUrls(new ProjectId(projectId), task.data())));
                })
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PostMapping("/leases/{leaseId}/renew")
    @Operation(summary = "Extend a live lease (heartbeat)")
    RenewResponse renew(@PathVariable UUID leaseId) {
        LeaseId lease = new LeaseId(leaseId);
        TaskId task = taskOfLease(lease);
        Instant expiresAt = gateways.send(new RenewLeaseCommand(task, lease, CurrentUser.get().id()));
        return new RenewResponse(expiresAt);
    }

    @DeleteMapping("/leases/{leaseId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Release a lease without annotating")
    void release(@PathVariable UUID leaseId) {
        LeaseId lease = new LeaseId(leaseId);
        gateways.send(new ReleaseLeaseCommand(taskOfLease(lease), lease, CurrentUser.get().id()));
    }

    @PostMapping("/tasks/{taskId}/annotations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Submit an annotation under a live lease; a retry with the same submissionId gets the first answer")
    AnnotationResponse submit(@PathVariable UUID taskId, @Valid @RequestBody SubmitRequest request) {
        return submit(taskId, request, null);
    }

    /** {@code shownForMillis}: how long the client showed the task, when it knows (the web workbench does). */
    AnnotationResponse submit(UUID taskId, SubmitRequest request, Long shownForMillis) {
        AnnotationId id = gateways.send(new SubmitAnnotationCommand(new TaskId(taskId), new LeaseId(request.leaseId()),
                request.submissionId(), AnnotationId.random(), request.response(), CurrentUser.get().id(),
                shownForMillis));
        return new AnnotationResponse(id.value());
    }

    @PostMapping("/tasks/{taskId}/skips")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Skip a task; it will not come back to the caller")
    void skip(@PathVariable UUID taskId, @Valid @RequestBody SkipRequest request) {
        gateways.send(new SkipTaskCommand(new TaskId(taskId), new LeaseId(request.leaseId()), request.reason().strip(),
                CurrentUser.get().id()));
    }

    @PostMapping("/annotations/{annotationId}/reviews")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Accept or reject an annotation (a rejection reopens the slot for the same annotator)")
    ReviewResponse review(@PathVariable UUID annotationId, @Valid @RequestBody ReviewRequest request) {
        AnnotationId annotation = new AnnotationId(annotationId);
        TaskId task = directory.taskOfAnnotation(annotation)
                .orElseThrow(() -> new DomainException(ErrorCode.ANNOTATION_NOT_FOUND, "no such annotation"));
        gateways.send(new ReviewAnnotationCommand(task, annotation, request.decision(), request.comment(),
                CurrentUser.get().id()));
        return new ReviewResponse(annotationId, request.decision());
    }

    @GetMapping("/tasks/{taskId}")
    @Operation(summary = "A task's state now, or as of a moment (asOf, inclusive) rebuilt from its events")
    TaskView get(@PathVariable UUID taskId, @RequestParam(required = false) String asOf) {
        TaskId id = new TaskId(taskId);
        TaskView current = gateways.query(new FindTaskQuery(id), TaskView.class, "tasks");
        if (current == null) {
            throw new DomainException(ErrorCode.TASK_NOT_FOUND, "no such task");
        }
        access.requireTaskWorkspace(current.workspaceId(), Role.READING);
        if (asOf == null) {
            return current;
        }
        TaskView past = gateways.query(new TaskAsOfQuery(id, parseInstant(asOf)), TaskView.class);
        if (past == null) {
            throw new DomainException(ErrorCode.TASK_NOT_FOUND, "the task did not exist at " + asOf);
        }
        return past;
    }

    @GetMapping("/tasks/{taskId}/history")
    @Operation(summary = "Every event of a task, in order, with who and when")
    List<HistoryEntry> history(@PathVariable UUID taskId) {
        TaskId id = new TaskId(taskId);
        TaskView current = gateways.query(new FindTaskQuery(id), TaskView.class, "tasks");
        if (current == null) {
            throw new DomainException(ErrorCode.TASK_NOT_FOUND, "no such task");
        }
        access.requireTaskWorkspace(current.workspaceId(), Role.READING);
        return gateways.queryList(new TaskHistoryQuery(id), HistoryEntry.class);
    }

    private TaskId taskOfLease(LeaseId lease) {
        return directory.taskOfLease(lease)
                .orElseThrow(() -> new DomainException(ErrorCode.LEASE_NOT_FOUND, "no such lease"));
    }

    private static Instant parseInstant(String value) {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e2) {
                throw new DomainException(ErrorCode.VALIDATION_FAILED, "asOf must be an ISO-8601 instant",
                        List.of(new Violation("asOf", "not an ISO-8601 instant")));
            }
        }
    }
}
