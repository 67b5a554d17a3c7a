package io.annotrail.app.batch;

import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.domain.batch.*;
import io.annotrail.domain.common.*;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/batches")
@Tag(name = "Batches", description = "Importing tasks and the batch lifecycle")
class BatchController {

    record ImportResponse(int accepted, int duplicates, List<TaskImportParser.Rejected> rejected) {
    }

    record PriorityRequest(@NotNull @Min(-1000) @Max(1000) Integer priority) {
    }

    private final Gateways gateways;
    private final Access access;
    private final TaskImportParser parser;

    BatchController(Gateways gateways, Access access, TaskImportParser parser) {
        this.gateways = gateways;
        this.access = access;
        this.parser = parser;
    }

    @PostMapping(value = "/{batchId}/tasks", consumes = {MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_NDJSON_VALUE, "application/jsonl", "application/x-jsonlines", "text/csv"})
    @Operation(summary = "Import tasks: a JSON array, JSON Lines (application/x-ndjson) or CSV with an externalId column",
            description = "Valid lines are stored together in one transaction; invalid lines are reported by line "
                    + "number and stored nowhere. With atomic=true any invalid line rejects the whole import. "
                    + "External ids already in the project are counted as duplicates and not stored twice.")
    ImportResponse importTasks(@PathVariable UUID batchId,
                               @RequestHeader("Content-Type") String contentType,
                               @Parameter(description = "reject the whole import when any line is invalid")
                               @RequestParam(defaultValue = "false") boolean atomic,
                               @RequestBody byte[] body) {
        BatchId id = new BatchId(batchId);
        access.requireBatch(id, Role.MANAGING);
        TaskImportParser.Parsed parsed = parser.parse(body, format(contentType));
        List<TaskImportParser.Rejected> rejected = new ArrayList<>(parsed.rejected());
        if (parsed.tasks().isEmpty() || atomic && !rejected.isEmpty()) {
            throw importRejected(rejected);
        }
        ImportResult result = gateways.send(new ImportTasksCommand(id, parsed.tasks(), CurrentUser.get().id()));
        rejected.sort(Comparator.comparingInt(TaskImportParser.Rejected::line));
        return new ImportResponse(result.accepted(), result.duplicateExternalIds().size(), rejected);
    }

    @PostMapping("/{batchId}/open")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Open the batch: its tasks can be claimed")
    void open(@PathVariable UUID batchId) {
        BatchId id = new BatchId(batchId);
        access.requireBatch(id, Role.MANAGING);
        gateways.send(new OpenBatchCommand(id, CurrentUser.get().id()));
    }

    @PostMapping("/{batchId}/pause")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Pause the batch: no new claims; live leases may still be submitted")
    void pause(@PathVariable UUID batchId) {
        BatchId id = new BatchId(batchId);
        access.requireBatch(id, Role.MANAGING);
        gateways.send(new PauseBatchCommand(id, CurrentUser.get().id()));
    }

    @PostMapping("/{batchId}/close")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Close the batch for good")
    void close(@PathVariable UUID batchId) {
        BatchId id = new BatchId(batchId);
        access.requireBatch(id, Role.MANAGING);
        gateways.send(new CloseBatchCommand(id, CurrentUser.get().id()));
    }

    @PutMapping("/{batchId}/priority")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Change the batch's priority (higher first)")
    void priority(@PathVariable UUID batchId, @Valid @RequestBody PriorityRequest request) {
        BatchId id = new BatchId(batchId);
        access.requireBatch(id, Role.MANAGING);
        gateways.send(new ChangeBatchPriorityCommand(id, request.priority(), CurrentUser.get().id()));
    }

    @GetMapping("/{batchId}")
    @Operation(summary = "A batch with its status and task count")
    BatchView get(@PathVariable UUID batchId) {
        BatchId id = new BatchId(batchId);
        access.requireBatch(id, Access.ANY_MEMBER);
        BatchView view = gateways.query(new FindBatchQuery(id), BatchView.class, "workspaces");
        if (view == null) {
            throw new DomainException(ErrorCode.BATCH_NOT_FOUND, "no such batch");
        }
        return view;
    }

    private static TaskImportParser.Format format(String contentType) {
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("text/csv")) {
            return TaskImportParser.Format.CSV;
        }
        if (type.contains("ndjson") || type.contains("jsonl") || type.contains("jsonlines")) {
            return TaskImportParser.Format.JSONL;
        }
        return TaskImportParser.Format.JSON;
    }

    private static DomainException importRejected(List<TaskImportParser.Rejected> rejected) {
        List<Violation> violations = rejected.stream()
                .map(r -> new Violation("line " + r.line(), r.reason())).toList();
        return new DomainException(ErrorCode.IMPORT_REJECTED,
                "nothing was imported: " + rejected.size() + " line(s) were rejected", violations);
    }
}
