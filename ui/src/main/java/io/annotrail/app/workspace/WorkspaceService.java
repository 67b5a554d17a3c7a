package io.annotrail.app.workspace;

import com.vaadin.hilla.BrowserCallable;
import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Gateways;
import io.annotrail.domain.workspace.ListWorkspacesQuery;
import io.annotrail.domain.workspace.WorkspaceSummary;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.NonNull;

import java.util.List;

/** Workspaces for the browser UI: the same query as {@code GET /api/v1/workspaces}, through the same gateway. */
@BrowserCallable
@RolesAllowed("USER")
public class WorkspaceService {

    private final Gateways gateways;

    WorkspaceService(Gateways gateways) {
        this.gateways = gateways;
    }

    /** The signed-in user's workspaces with their role in each, read after the projection has caught up. */
    public @NonNull List<@NonNull WorkspaceItem> list() {
        return gateways.queryList(new ListWorkspacesQuery(CurrentUser.get().id()), WorkspaceSummary.class, "workspaces")
                .stream()
                .map(WorkspaceItem::of)
                .toList();
    }
}
