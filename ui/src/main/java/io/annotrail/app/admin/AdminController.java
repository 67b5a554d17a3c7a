package io.annotrail.app.admin;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

import java.util.Collection;

@RestController
@RequestMapping("/api/v1/admin")
@PreAuthorize("hasRole('SYSTEM_ADMIN')")
@Tag(name = "Administration", description = "Operating the platform (system administrators only)")
class AdminController {

    record RetryResult(String processingGroup, int processed) {
    }

    private final DeadLetters deadLetters;

    AdminController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
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
