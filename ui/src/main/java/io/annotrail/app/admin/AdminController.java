package io.annotrail.app.admin;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

import java.util.Collection;
import java.util.List;
import org.springframework.http.HttpStatus;

@RestController
@RequestMapping("/api/v1/admin")
@PreAuthorize("hasRole('SYSTEM_ADMIN')")
@Tag(name = "Administration", description = "Operating the platform (system administrators only)")
class AdminController {

    record RetryResult(String processingGroup, int processed) {
    }

    private final DeadLetters deadLetters;
    private final Projections projections;

    AdminController(DeadLetters deadLetters, Projections projections) {
        this.deadLetters = deadLetters;
        this.projections = projections;
    }

    @GetMapping("/projections")
    @Operation(summary = "Each read model's processor: position in the event stream, head, replay state")
    List<Projections.Status> projections() {
        return projections.status();
    }

    @PostMapping("/projections/{name}/reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Rebuild a read model from the event store (it replays in the background)")
    void rebuild(@PathVariable String name) {
        projections.rebuild(name);
    }

    @GetMapping("/dead-letters")
    @Operation(summary = "Dead-lettered events per processing group")
    Collection<DeadLetters.GroupStatus> deadLetters() {
        return deadLetters.status().values();
    }

    @PostMapping("/dead-letters/{group}/retry")
    @Operation(summary = "Retry every dead-lettered sequence of a processing group now")
    RetryResult retry(@PathVariable String group) {
        if (!deadLetters.hasGroup(group)) {
            throw new DomainException(ErrorCode.NOT_FOUND, "no dead-letter queue for processing group " + group);
        }
        return new RetryResult(group, deadLetters.retryAll(group));
    }
}
