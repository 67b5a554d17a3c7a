package io.annotrail.app.workspace;

import com.vaadin.hilla.BrowserCallable;
import io.annotrail.app.identity.AppUser;
import io.annotrail.app.identity.UserAccounts;
import io.annotrail.app.identity.UserNames;
import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.app.web.Gateways;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.Violation;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.workspace.ListWorkspacesQuery;
import io.annotrail.domain.workspace.WorkspaceSummary;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.NonNull;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Workspaces, members and roles for the browser UI: the queries and commands of {@code /api/v1/workspaces}, through
 * the same gateway and the same per-object checks (outsiders are told the workspace does not exist).
 */
@BrowserCallable
@RolesAllowed("USER")
public class WorkspaceService {

    public record MemberItem(@NonNull String userId, @NonNull String username, @NonNull String displayName, @NonNull Role role) {
    }

    private final Gateways gateways;
    private final Access access;
    private final UserAccounts accounts;
    private final UserNames names;
    private final WorkspaceController rest;

    WorkspaceService(Gateways gateways, Access access, UserAccounts accounts, UserNames names, WorkspaceController rest) {
        this.gateways = gateways;
        this.access = access;
        this.accounts = accounts;
        this.names = names;
        this.rest = rest;
    }

    /** The signed-in user's workspaces with their role in each, read after the projection has caught up. */
    public @NonNull List<@NonNull WorkspaceItem> list() {
        return gateways.queryList(new ListWorkspacesQuery(CurrentUser.get().id()), WorkspaceSummary.class, "workspaces")
                .stream()
                .map(WorkspaceItem::of)
                .sorted(Comparator.comparing(WorkspaceItem::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** Creates a workspace; the caller becomes its ADMIN. */
    public @NonNull String create(@NotBlank @Size(max = 200) String name) {
        return rest.create(new WorkspaceController.CreateWorkspaceRequest(name)).id().toString();
    }

    public @NonNull List<@NonNull MemberItem> members(UUID workspaceId) {
        return rest.members(workspaceId).stream()
                .map(member -> {
                    AppUser user = accounts.findAny(member.userId()).orElse(null); // disabled members keep their names
                    return new MemberItem(member.userId().toString(), user == null ? "?" : user.username(),
                            names.name(member.userId()), member.role());
                })
                .sorted(Comparator.comparing(MemberItem::displayName, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** Adds a member by username, or changes a member's role (workspace ADMIN). */
    public void setRole(UUID workspaceId, @NotBlank @Size(max = 64) String username, @NotNull Role role) {
        access.requireWorkspace(new WorkspaceId(workspaceId), Role.ADMINISTERING);
        UserId user = accounts.findByUsername(username.strip())
                .orElseThrow(() -> new DomainException(ErrorCode.USER_NOT_FOUND, "no such user",
                        List.of(new Violation("username", "no account with this username"))))
                .id();
        rest.assign(workspaceId, user.value(), new WorkspaceController.RoleRequest(role));
    }

    /** Removes a member (workspace ADMIN); the last ADMIN cannot be removed. */
    public void removeMember(UUID workspaceId, UUID userId) {
        rest.remove(workspaceId, userId);
    }
}
