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
import io.annotrail.query.PostgresTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.annotrail.query.task.TaskFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceProjectionTest extends PostgresTestSupport {

    private WorkspaceProjection projection;
    private final WorkspaceId ws = WorkspaceId.random();
    private final UserId admin = UserId.random();
    private final UserId annotator = UserId.random();

    @BeforeEach
    void setUp() {
        projection = new WorkspaceProjection(jdbc);
        projection.reset();
        projection.on(new WorkspaceCreatedEvent(ws, "Birds", admin), 0, T0);
        projection.on(new MemberRoleAssignedEvent(ws, admin, Role.ADMIN, null), 1);
        projection.on(new MemberRoleAssignedEvent(ws, annotator, Role.ANNOTATOR, null), 2);
    }

    @Test
    void aUserSeesTheWorkspacesTheyBelongToWithTheirRole() {
        assertThat(projection.handle(new ListWorkspacesQuery(annotator)))
                .containsExactly(new WorkspaceSummary(ws, "Birds", Role.ANNOTATOR));
        assertThat(projection.handle(new ListWorkspacesQuery(UserId.random()))).isEmpty();
    }

    @Test
    void roleChangesAndRemovalsShowInTheMemberList() {
        projection.on(new MemberRoleAssignedEvent(ws, annotator, Role.REVIEWER, Role.ANNOTATOR), 3);
        assertThat(projection.handle(new ListMembersQuery(ws)))
                .containsExactlyInAnyOrder(new MemberView(admin, Role.ADMIN), new MemberView(annotator, Role.REVIEWER));

        projection.on(new MemberRemovedEvent(ws, annotator, Role.REVIEWER), 4);
        assertThat(projection.handle(new ListMembersQuery(ws))).containsExactly(new MemberView(admin, Role.ADMIN));
    }

    @Test
    void aRedeliveredOlderMembershipEventDoesNotUndoALaterOne() {
        projection.on(new MemberRemovedEvent(ws, annotator, Role.ANNOTATOR), 3);

        projection.on(new MemberRoleAssignedEvent(ws, annotator, Role.ANNOTATOR, null), 2);
        projection.on(new WorkspaceCreatedEvent(ws, "Renamed?", admin), 0, T0);

        assertThat(projection.handle(new ListMembersQuery(ws))).containsExactly(new MemberView(admin, Role.ADMIN));
        assertThat(projection.handle(new ListWorkspacesQuery(admin)).getFirst().name()).isEqualTo("Birds");
    }

    @Test
    void theResetHandlerEmptiesWorkspacesAndMembers() {
        projection.reset();

        assertThat(count("rm_workspace") + count("rm_member")).isZero();
    }
}
