package io.annotrail.app.workspace;

import io.annotrail.app.identity.UserAccounts;
import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.domain.common.*;
import io.annotrail.domain.workspace.*;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.*;

import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/workspaces")
@Tag(name = "Workspaces", description = "Workspaces, members and roles")
class WorkspaceController {

    record CreateWorkspaceRequest(@NotBlank @Size(max = 200) String name) {
    }

    record IdResponse(UUID id) {
    }

    record RoleRequest(@NotNull Role role) {
    }

    private final Gateways gateways;
    private final Access access;
    private final UserAccounts accounts;

    WorkspaceController(Gateways gateways, Access access, UserAccounts accounts) {
        this.gateways = gateways;
        this.access = access;
        this.accounts = accounts;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a workspace; the caller becomes its ADMIN")
    IdResponse create(@Valid @RequestBody CreateWorkspaceRequest request) {
        WorkspaceId id = WorkspaceId.random();
        gateways.send(new CreateWorkspaceCommand(id, request.name().strip(), CurrentUser.get().id()));
        return new IdResponse(id.value());
    }

    @GetMapping
    @Operation(summary = "The caller's workspaces with the caller's role in each")
    List<WorkspaceSummary> list() {
        return gateways.queryList(new ListWorkspacesQuery(CurrentUser.get().id()), WorkspaceSummary.class, "workspaces");
    }

    @GetMapping("/{workspaceId}/members")
    @Operation(summary = "Members of a workspace")
    List<MemberView> members(@PathVariable UUID workspaceId) {
        WorkspaceId ws = new WorkspaceId(workspaceId);
        access.requireWorkspace(ws, Access.ANY_MEMBER);
        return gateways.queryList(new ListMembersQuery(ws), MemberView.class, "workspaces");
    }

    @PutMapping("/{workspaceId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Add a member or change a member's role (workspace ADMIN)")
    void assign(@PathVariable UUID workspaceId, @PathVariable UUID userId, @Valid @RequestBody RoleRequest request) {
        WorkspaceId ws = new WorkspaceId(workspaceId);
        access.requireWorkspace(ws, Role.ADMINISTERING);
        if (!accounts.exists(new UserId(userId))) {
            throw new DomainException(ErrorCode.USER_NOT_FOUND, "no such user");
        }
        gateways.send(new AssignMemberRoleCommand(ws, new UserId(userId), request.role(), CurrentUser.get().id()));
    }

    @DeleteMapping("/{workspaceId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member (workspace ADMIN)")
    void remove(@PathVariable UUID workspaceId, @PathVariable UUID userId) {
        WorkspaceId ws = new WorkspaceId(workspaceId);
        access.requireWorkspace(ws, Role.ADMINISTERING);
        gateways.send(new RemoveMemberCommand(ws, new UserId(userId), CurrentUser.get().id()));
    }
}
