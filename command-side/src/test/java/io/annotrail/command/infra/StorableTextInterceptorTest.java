package io.annotrail.command.infra;

import io.annotrail.command.directory.InMemoryDirectory;
import io.annotrail.command.workspace.Workspace;
import io.annotrail.domain.batch.ImportTasksCommand;
import io.annotrail.domain.batch.TaskInput;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.DomainError;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.workspace.CreateWorkspaceCommand;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StorableTextInterceptorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aCommandWithANulInAStringIsRefusedBeforeItsHandlerRunsAndNothingIsApplied() {
        AggregateTestFixture<Workspace> fixture = new AggregateTestFixture<>(Workspace.class);
        fixture.registerInjectableResource(new InMemoryDirectory());
        fixture.registerCommandHandlerInterceptor(new DomainExceptionInterceptor());
        fixture.registerCommandHandlerInterceptor(new StorableTextInterceptor());
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspaceCommand(WorkspaceId.random(), "a\u0000b", UserId.random()))
                .expectException(new TypeSafeMatcher<CommandExecutionException>() {
                    @Override
                    protected boolean matchesSafely(CommandExecutionException e) {
                        return e.getDetails().map(d -> d instanceof DomainError error
                                && error.code() == ErrorCode.UNSUPPORTED_CHARACTER
                                && error.violations().getFirst().path().equals("/name")).orElse(false);
                    }

                    @Override
                    public void describeTo(Description description) {
                        description.appendText("UNSUPPORTED_CHARACTER naming /name");
                    }
                })
                .expectNoEvents();
    }

    @Test
    void theWalkFindsALoneSurrogateInsideTheJsonDataOfAnImportedTask() {
        var command = new ImportTasksCommand(BatchId.random(), List.of(
                new TaskInput(TaskId.random(), "fine", JSON.readTree("{\"t\":\"ok\"}")),
                new TaskInput(TaskId.random(), "bad", JSON.readTree("{\"t\":[\"x\\ud800\"]}"))), UserId.random());
        var violation = StorableTextInterceptor.find(command, "", 0);
        assertThat(violation).isNotNull();
        assertThat(violation.path()).isEqualTo("/tasks/1/data/t/0");
    }

    @Test
    void aCommandWithOnlyStorableTextPasses() {
        var command = new ImportTasksCommand(BatchId.random(), List.of(
                new TaskInput(TaskId.random(), "fine 😀", JSON.readTree("{\"t\":\"ok\"}"))), UserId.random());
        assertThat(StorableTextInterceptor.find(command, "", 0)).isNull();
    }
}
