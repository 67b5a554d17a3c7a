package io.annotrail.command.infra;

import io.annotrail.command.directory.InMemoryDirectory;
import io.annotrail.command.workspace.Workspace;
import io.annotrail.domain.common.DomainError;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.Violation;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.workspace.CreateWorkspaceCommand;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.Test;

import java.util.List;

class DomainExceptionInterceptorTest {

    @Test
    void aRefusedCommandBecomesACommandExecutionExceptionCarryingTheDomainError() {
        AggregateTestFixture<Workspace> fixture = new AggregateTestFixture<>(Workspace.class);
        fixture.registerInjectableResource(new InMemoryDirectory());
        fixture.registerCommandHandlerInterceptor(new DomainExceptionInterceptor());
        DomainError expected = new DomainError(ErrorCode.VALIDATION_FAILED, "name must be 1..200 characters",
                List.of(new Violation("name", "must be 1..200 characters")));
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspaceCommand(WorkspaceId.random(), "", UserId.random()))
                .expectException(new TypeSafeMatcher<CommandExecutionException>() {
                    @Override
                    protected boolean matchesSafely(CommandExecutionException e) {
                        return e.getDetails().map(expected::equals).orElse(false);
                    }

                    @Override
                    public void describeTo(Description description) {
                        description.appendText("CommandExecutionException with details " + expected);
                    }
                })
                .expectNoEvents();
    }
}
