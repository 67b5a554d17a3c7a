package io.annotrail.query;

import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.workspace.ListWorkspacesQuery;
import io.annotrail.domain.workspace.MemberRoleAssignedEvent;
import io.annotrail.domain.workspace.WorkspaceCreatedEvent;
import io.annotrail.domain.workspace.WorkspaceSummary;
import io.annotrail.query.task.TaskFixtures;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projections are reached through Axon's annotation adapters, as the application wires them: event
 * handler parameters (@SequenceNumber, @Timestamp, the message) resolve, and list queries answer
 * {@code ResponseTypes.multipleInstancesOf}.
 */
class AxonWiringTest extends PostgresTestSupport {

    @Test
    void projectionsAnswerThroughAxonAdaptersAndListQueriesMatchMultipleInstancesOf() throws Exception {
        try (var context = new AnnotationConfigApplicationContext()) {
            context.registerBean(org.springframework.jdbc.core.JdbcTemplate.class, () -> jdbc);
            context.registerBean(tools.jackson.databind.json.JsonMapper.class, () -> JSON);
            context.scan("io.annotrail.query.workspace", "io.annotrail.query.queue");
            context.refresh();
            Object workspaces = context.getBean("workspaceProjection");
            Object queue = context.getBean("queueProjection");
            SimpleQueryBus bus = SimpleQueryBus.builder().build();
            new AnnotationQueryHandlerAdapter<>(workspaces).subscribe(bus);
            QueryGateway gateway = DefaultQueryGateway.builder().queryBus(bus).build();
            var events = new AnnotationEventHandlerAdapter(workspaces);
            WorkspaceId ws = WorkspaceId.random();
            UserId user = UserId.random();

            events.prepareReset(null);
            events.handle(new GenericDomainEventMessage<>("Workspace", ws.toString(), 0, new WorkspaceCreatedEvent(ws, "W", user)));
            events.handle(new GenericDomainEventMessage<>("Workspace", ws.toString(), 1, new MemberRoleAssignedEvent(ws, user, Role.ADMIN, null)));
            List<WorkspaceSummary> answer = gateway.query(new ListWorkspacesQuery(user),
                    ResponseTypes.multipleInstancesOf(WorkspaceSummary.class)).get();

            assertThat(answer).containsExactly(new WorkspaceSummary(ws, "W", Role.ADMIN));

            TaskFixtures task = TaskFixtures.newTask(ProjectId.random(), BatchId.random());
            var created = new GenericDomainEventMessage<>("Task", task.taskId().toString(), 0, task.created("x", 1));
            new AnnotationEventHandlerAdapter(queue).handle(
                    new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(7), created));
            assertThat(jdbc.queryForObject("SELECT position FROM rm_queue WHERE task_id = ?", Long.class,
                    task.taskId().value())).isEqualTo(7L);
        }
    }
}
