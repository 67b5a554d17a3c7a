package io.annotrail.app.batch;

import com.vaadin.hilla.BrowserCallable;
import jakarta.annotation.security.RolesAllowed;

import java.util.UUID;

/**
 * The batch lifecycle for the browser UI (open / pause / close; MANAGER or ADMIN), by the REST controller's own
 * code path. A project's batches are listed and created by {@code ProjectService}; task files are uploaded to
 * {@link BatchUploadController}, so the browser can show the upload's progress.
 */
@BrowserCallable
@RolesAllowed("USER")
public class BatchService {

    private final BatchController batches;

    BatchService(BatchController batches) {
        this.batches = batches;
    }

    public void open(UUID batchId) {
        batches.open(batchId);
    }

    public void pause(UUID batchId) {
        batches.pause(batchId);
    }

    public void close(UUID batchId) {
        batches.close(batchId);
    }
}
