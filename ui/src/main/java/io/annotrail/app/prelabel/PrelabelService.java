package io.annotrail.app.prelabel;

import com.vaadin.hilla.BrowserCallable;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.NonNull;

import java.util.UUID;

/**
 * LLM pre-labelling from the batches page: one suggestion per task of a batch, by the configured model and the
 * default prompt template (MANAGER or ADMIN); {@code LLM_NOT_CONFIGURED} when no endpoint is configured. The REST
 * controller's code path.
 */
@BrowserCallable
@RolesAllowed("USER")
public class PrelabelService {

    private final PrelabelController rest;

    PrelabelService(PrelabelController rest) {
        this.rest = rest;
    }

    /** Starts pre-labelling the batch; answers the job id. */
    public @NonNull String start(UUID batchId) {
        return rest.prelabel(batchId, null).jobId().toString();
    }
}
