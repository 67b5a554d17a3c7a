package io.annotrail.app.batch;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * The browser's task-file upload: the import of {@code POST /api/v1/batches/{id}/tasks}, reached with the browser's
 * session and CSRF token instead of a bearer token (the browser filter chain guards {@code /ui/**}). Same parser,
 * limits, per-line report and problems; a plain HTTP upload so the page can show its progress.
 */
@RestController
@RequestMapping("/ui/batches")
@Hidden
class BatchUploadController {

    private final BatchController api;

    BatchUploadController(BatchController api) {
        this.api = api;
    }

    @PostMapping(value = "/{batchId}/tasks", consumes = {MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_NDJSON_VALUE, "application/jsonl", "application/x-jsonlines", "text/csv"})
    BatchController.ImportResponse importTasks(@PathVariable UUID batchId,
                                               @RequestHeader("Content-Type") String contentType,
                                               @RequestParam(defaultValue = "false") boolean atomic,
                                               @RequestBody byte[] body) {
        return api.importTasks(batchId, contentType, atomic, body);
    }
}
