package io.annotrail.app.task;

import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.command.task.ClaimNext;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.task.LeaseGranted;
import org.springframework.stereotype.Service;

import java.util.Optional;

/**
 * Claim-next at the edge: checks the caller may annotate in the project and hands the decision to the command
 * side's {@link ClaimNext}, which sends the claim through the edge's gateway (actor and correlation metadata).
 * The command side's slot table is current in the claim's own transaction, so there is no read model to wait for.
 */
@Service
class ClaimService {

    private final ClaimNext claimNext;
    private final Gateways gateways;
    private final Access access;

    ClaimService(ClaimNext claimNext, Gateways gateways, Access access) {
        this.claimNext = claimNext;
        this.gateways = gateways;
        this.access = access;
    }

    Optional<LeaseGranted> claimNext(ProjectId projectId) {
        access.requireProject(projectId, Role.ANNOTATING);
        return claimNext.claim(projectId, CurrentUser.get().id(), gateways::send);
    }
}
