package io.annotrail.command.workspace;

import io.annotrail.command.directory.Directory;
import io.annotrail.command.infra.Checks;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.workspace.AssignMemberRoleCommand;
import io.annotrail.domain.workspace.CreateWorkspaceCommand;
import io.annotrail.domain.workspace.MemberRemovedEvent;
import io.annotrail.domain.workspace.MemberRoleAssignedEvent;
import io.annotrail.domain.workspace.RemoveMemberCommand;
import io.annotrail.domain.workspace.WorkspaceCreatedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A workspace and its members. The membership is authoritative here (the directory's copy is derived from
 * these events), so membership commands are authorized against the aggregate's own state. A workspace
 * always keeps at least one ADMIN.
 */
@Aggregate
public class Workspace {

    @AggregateIdentifier
    private WorkspaceId workspaceId;
    private final Map<UserId, Role> members = new HashMap<>();

    protected Workspace() {
    }

    @CommandHandler
    public Workspace(CreateWorkspaceCommand command, Directory directory) {
        UserId actor = Checks.actor(command.actor());
        String name = Checks.name(command.name(), "name");
        if (directory.workspaceExists(command.workspaceId())) {
            throw new DomainException(ErrorCode.ALREADY_EXISTS, "workspace " + command.workspaceId() + " exists already");
        }
        apply(new WorkspaceCreatedEvent(command.workspaceId(), name, actor));
        apply(new MemberRoleAssignedEvent(command.workspaceId(), actor, Role.ADMIN, null));
    }

    @CommandHandler
    void handle(AssignMemberRoleCommand command) {
        requireAdministrator(command.actor());
        UserId userId = Checks.present(command.userId(), "userId");
        Role role = Checks.present(command.role(), "role");
        Role previous = members.get(userId);
        if (previous == role) {
            return;
        }
        if (previous == Role.ADMIN && adminCount() == 1) {
            throw new DomainException(ErrorCode.LAST_ADMIN, "the last ADMIN of a workspace cannot be demoted");
        }
        apply(new MemberRoleAssignedEvent(workspaceId, userId, role, previous));
    }

    @CommandHandler
    void handle(RemoveMemberCommand command) {
        requireAdministrator(command.actor());
        UserId userId = Checks.present(command.userId(), "userId");
        Role previous = members.get(userId);
        if (previous == null) {
            throw new DomainException(ErrorCode.USER_NOT_FOUND, "user " + userId + " is not a member");
        }
        if (previous == Role.ADMIN && adminCount() == 1) {
            throw new DomainException(ErrorCode.LAST_ADMIN, "the last ADMIN of a workspace cannot be removed");
        }
        apply(new MemberRemovedEvent(workspaceId, userId, previous));
    }

    private void requireAdministrator(UserId actor) {
        Role role = members.get(Checks.actor(actor));
        if (role == null) {
            throw new DomainException(ErrorCode.WORKSPACE_NOT_FOUND, "not found");
        }
        if (!Role.ADMINISTERING.contains(role)) {
            throw new DomainException(ErrorCode.FORBIDDEN,
                    "role " + role + " may not do this; needs one of " + Role.ADMINISTERING);
        }
    }

    private long adminCount() {
        return members.values().stream().filter(role -> role == Role.ADMIN).count();
    }

    @EventSourcingHandler
    void on(WorkspaceCreatedEvent event) {
        workspaceId = event.workspaceId();
    }

    @EventSourcingHandler
    void on(MemberRoleAssignedEvent event) {
        members.put(event.userId(), event.role());
    }

    @EventSourcingHandler
    void on(MemberRemovedEvent event) {
        members.remove(event.userId());
    }
}
