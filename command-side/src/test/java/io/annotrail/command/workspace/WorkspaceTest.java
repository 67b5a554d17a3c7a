package io.annotrail.command.workspace;

import io.annotrail.command.directory.InMemoryDirectory;
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
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.annotrail.command.support.DomainErrors.domainError;

class WorkspaceTest {

    private static final WorkspaceId WS = WorkspaceId.random();
    private static final UserId ADA = UserId.random();
    private static final UserId BOB = UserId.random();
    private static final UserId CY = UserId.random();

    private AggregateTestFixture<Workspace> fixture;
    private InMemoryDirectory directory;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class);
        directory = new InMemoryDirectory();
        fixture.registerInjectableResource(directory);
    }

    private Object[] createdByAda() {
        return new Object[]{new WorkspaceCreatedEvent(WS, "Labs", ADA), new MemberRoleAssignedEvent(WS, ADA, Role.ADMIN, null)};
    }

    @Test
    void creatingAWorkspaceMakesTheCreatorItsFirstAdmin() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspaceCommand(WS, "  Labs ", ADA))
                .expectEvents(new WorkspaceCreatedEvent(WS, "Labs", ADA), new MemberRoleAssignedEvent(WS, ADA, Role.ADMIN, null));
    }

    @Test
    void creatingAWorkspaceWithABlankNameIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspaceCommand(WS, "  ", ADA))
                .expectException(domainError(ErrorCode.VALIDATION_FAILED, "name"))
                .expectNoEvents();
    }

    @Test
    void creatingAWorkspaceThatExistsAlreadyIsRejected() {
        directory.workspace(WS);
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspaceCommand(WS, "Labs", ADA))
                .expectException(domainError(ErrorCode.ALREADY_EXISTS));
    }

    @Test
    void anAdminAddsAMemberWithARole() {
        fixture.given(createdByAda())
                .when(new AssignMemberRoleCommand(WS, BOB, Role.ANNOTATOR, ADA))
                .expectEvents(new MemberRoleAssignedEvent(WS, BOB, Role.ANNOTATOR, null));
    }

    @Test
    void anAdminChangesAMembersRole() {
        fixture.given(createdByAda())
                .andGiven(new MemberRoleAssignedEvent(WS, BOB, Role.ANNOTATOR, null))
                .when(new AssignMemberRoleCommand(WS, BOB, Role.REVIEWER, ADA))
                .expectEvents(new MemberRoleAssignedEvent(WS, BOB, Role.REVIEWER, Role.ANNOTATOR));
    }

    @Test
    void assigningTheRoleAMemberAlreadyHasAppliesNothing() {
        fixture.given(createdByAda())
                .andGiven(new MemberRoleAssignedEvent(WS, BOB, Role.ANNOTATOR, null))
                .when(new AssignMemberRoleCommand(WS, BOB, Role.ANNOTATOR, ADA))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aMemberWhoIsNotAnAdminCannotAssignRoles() {
        fixture.given(createdByAda())
                .andGiven(new MemberRoleAssignedEvent(WS, BOB, Role.MANAGER, null))
                .when(new AssignMemberRoleCommand(WS, CY, Role.ANNOTATOR, BOB))
                .expectException(domainError(ErrorCode.FORBIDDEN));
    }

    @Test
    void aNonMemberIsToldTheWorkspaceDoesNotExist() {
        fixture.given(createdByAda())
                .when(new AssignMemberRoleCommand(WS, CY, Role.ANNOTATOR, BOB))
                .expectException(domainError(ErrorCode.WORKSPACE_NOT_FOUND));
    }

    @Test
    void theLastAdminCannotBeDemoted() {
        fixture.given(createdByAda())
                .when(new AssignMemberRoleCommand(WS, ADA, Role.MANAGER, ADA))
                .expectException(domainError(ErrorCode.LAST_ADMIN))
                .expectNoEvents();
    }

    @Test
    void anAdminCanBeDemotedWhileAnotherAdminRemains() {
        fixture.given(createdByAda())
                .andGiven(new MemberRoleAssignedEvent(WS, BOB, Role.ADMIN, null))
                .when(new AssignMemberRoleCommand(WS, ADA, Role.ANNOTATOR, BOB))
                .expectEvents(new MemberRoleAssignedEvent(WS, ADA, Role.ANNOTATOR, Role.ADMIN));
    }

    @Test
    void theLastAdminCannotBeRemoved() {
        fixture.given(createdByAda())
                .andGiven(new MemberRoleAssignedEvent(WS, BOB, Role.ANNOTATOR, null))
                .when(new RemoveMemberCommand(WS, ADA, ADA))
                .expectException(domainError(ErrorCode.LAST_ADMIN));
    }

    @Test
    void anAdminRemovesAMember() {
        fixture.given(createdByAda())
                .andGiven(new MemberRoleAssignedEvent(WS, BOB, Role.REVIEWER, null))
                .when(new RemoveMemberCommand(WS, BOB, ADA))
                .expectEvents(new MemberRemovedEvent(WS, BOB, Role.REVIEWER));
    }

    @Test
    void removingSomeoneWhoIsNotAMemberIsRejected() {
        fixture.given(createdByAda())
                .when(new RemoveMemberCommand(WS, CY, ADA))
                .expectException(domainError(ErrorCode.USER_NOT_FOUND));
    }

    @Test
    void aRemovedAdminCanNoLongerAdministerTheWorkspace() {
        fixture.given(createdByAda())
                .andGiven(new MemberRoleAssignedEvent(WS, BOB, Role.ADMIN, null), new MemberRemovedEvent(WS, BOB, Role.ADMIN))
                .when(new AssignMemberRoleCommand(WS, CY, Role.ANNOTATOR, BOB))
                .expectException(domainError(ErrorCode.WORKSPACE_NOT_FOUND));
    }
}
