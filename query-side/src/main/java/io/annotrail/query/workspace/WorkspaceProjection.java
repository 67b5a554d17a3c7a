package io.annotrail.query.workspace;

import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.workspace.ListMembersQuery;
import io.annotrail.domain.workspace.ListWorkspacesQuery;
import io.annotrail.domain.workspace.MemberRemovedEvent;
import io.annotrail.domain.workspace.MemberRoleAssignedEvent;
import io.annotrail.domain.workspace.MemberView;
import io.annotrail.domain.workspace.WorkspaceCreatedEvent;
import io.annotrail.domain.workspace.WorkspaceSummary;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Workspaces and their members. Membership events are guarded by the workspace's sequence number kept
 * on rm_workspace: guard and change are one statement (a data-modifying CTE), so a redelivered event
 * finds last_seq already at its sequence number and changes nothing. Replay: reset empties both tables.
 */
@Component
@ProcessingGroup(WorkspaceProjection.GROUP)
class WorkspaceProjection {

    static final String GROUP = "workspaces";

    private final JdbcClient jdbc;

    WorkspaceProjection(JdbcTemplate jdbcTemplate) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
    }

    @EventHandler
    void on(WorkspaceCreatedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        jdbc.sql("""
                        INSERT INTO rm_workspace (workspace_id, name, created_by, created_at, last_seq)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace_id) DO NOTHING""")
                .params(event.workspaceId().value(), event.name(), event.createdBy().value(),
                        at.atOffset(ZoneOffset.UTC), seq)
                .update();
    }

    @EventHandler
    void on(MemberRoleAssignedEvent event, @SequenceNumber long seq) {
        jdbc.sql("""
                        WITH guard AS (
                            UPDATE rm_workspace SET last_seq = ? WHERE workspace_id = ? AND last_seq < ?
                            RETURNING workspace_id)
                        INSERT INTO rm_member (workspace_id, user_id, role)
                        SELECT workspace_id, ?, ? FROM guard
                        ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = EXCLUDED.role""")
                .params(seq, event.workspaceId().value(), seq, event.userId().value(), event.role().name())
                .update();
    }

    @EventHandler
    void on(MemberRemovedEvent event, @SequenceNumber long seq) {
        jdbc.sql("""
                        WITH guard AS (
                            UPDATE rm_workspace SET last_seq = ? WHERE workspace_id = ? AND last_seq < ?
                            RETURNING workspace_id)
                        DELETE FROM rm_member m USING guard g
                        WHERE m.workspace_id = g.workspace_id AND m.user_id = ?""")
                .params(seq, event.workspaceId().value(), seq, event.userId().value())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE rm_member, rm_workspace").update();
    }

    @QueryHandler
    List<WorkspaceSummary> handle(ListWorkspacesQuery query) {
        return jdbc.sql("""
                        SELECT w.workspace_id, w.name, m.role
                        FROM rm_member m JOIN rm_workspace w ON w.workspace_id = m.workspace_id
                        WHERE m.user_id = ?
                        ORDER BY w.name, w.workspace_id""")
                .param(query.userId().value())
                .query((rs, n) -> new WorkspaceSummary(new WorkspaceId(rs.getObject(1, UUID.class)),
                        rs.getString(2), Role.valueOf(rs.getString(3))))
                .list();
    }

    @QueryHandler
    List<MemberView> handle(ListMembersQuery query) {
        return jdbc.sql("SELECT user_id, role FROM rm_member WHERE workspace_id = ? ORDER BY role, user_id")
                .param(query.workspaceId().value())
                .query((rs, n) -> new MemberView(new UserId(rs.getObject(1, UUID.class)), Role.valueOf(rs.getString(2))))
                .list();
    }
}
