package io.annotrail.command.directory;

import io.annotrail.command.infra.Json;
import io.annotrail.domain.batch.BatchClosedEvent;
import io.annotrail.domain.batch.BatchCreatedEvent;
import io.annotrail.domain.batch.BatchOpenedEvent;
import io.annotrail.domain.batch.BatchPausedEvent;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.project.ProjectCreatedEvent;
import io.annotrail.domain.project.ResponseSchemaVersionedEvent;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.TaskClaimedEvent;
import io.annotrail.domain.workspace.MemberRemovedEvent;
import io.annotrail.domain.workspace.MemberRoleAssignedEvent;
import io.annotrail.domain.workspace.WorkspaceCreatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * Keeps the {@code cmd_*} tables behind {@link JdbcDirectory} in step with the events. Registered as a
 * subscribing processor, it runs in the transaction of the command that applied the events, so the next
 * command always sees them. Every statement is an upsert or is guarded by the aggregate sequence number:
 * handling an event twice changes nothing.
 */
@Component
@ProcessingGroup(DirectoryUpdater.PROCESSING_GROUP)
public class DirectoryUpdater {

    public static final String PROCESSING_GROUP = "command-directory";

    private final JdbcClient jdbc;

    public DirectoryUpdater(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @EventHandler
    void on(WorkspaceCreatedEvent event) {
        jdbc.sql("INSERT INTO cmd_workspace (workspace_id) VALUES (?) ON CONFLICT (workspace_id) DO NOTHING")
                .param(event.workspaceId().value())
                .update();
    }

    @EventHandler
    void on(MemberRoleAssignedEvent event) {
        jdbc.sql("""
                        INSERT INTO cmd_member (workspace_id, user_id, role) VALUES (?, ?, ?)
                        ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role""")
                .param(event.workspaceId().value())
                .param(event.userId().value())
                .param(event.role().name())
                .update();
    }

    @EventHandler
    void on(MemberRemovedEvent event) {
        jdbc.sql("DELETE FROM cmd_member WHERE workspace_id = ? AND user_id = ?")
                .param(event.workspaceId().value())
                .param(event.userId().value())
                .update();
    }

    // schema_version stays as it is on a conflict: the versions are written by their own events.
    @EventHandler
    void on(ProjectCreatedEvent event) {
        jdbc.sql("""
                        INSERT INTO cmd_project (project_id, workspace_id, overlap, lease_seconds, review_mode,
                                                 review_sample_rate, schema_version)
                        VALUES (?, ?, ?, ?, ?, ?, 0)
                        ON CONFLICT (project_id) DO UPDATE SET workspace_id = excluded.workspace_id,
                            overlap = excluded.overlap, lease_seconds = excluded.lease_seconds,
                            review_mode = excluded.review_mode, review_sample_rate = excluded.review_sample_rate""")
                .param(event.projectId().value())
                .param(event.workspaceId().value())
                .param(event.overlap())
                .param(event.leaseSeconds())
                .param(event.reviewPolicy().mode().name())
                .param(event.reviewPolicy().sampleRate())
                .update();
    }

    @EventHandler
    void on(ResponseSchemaVersionedEvent event) {
        jdbc.sql("""
                        INSERT INTO cmd_schema_version (project_id, version, response_schema) VALUES (?, ?, ?)
                        ON CONFLICT (project_id, version) DO NOTHING""")
                .param(event.projectId().value())
                .param(event.version())
                .param(Json.write(event.responseSchema()))
                .update();
        jdbc.sql("UPDATE cmd_project SET schema_version = GREATEST(schema_version, ?) WHERE project_id = ?")
                .param(event.version())
                .param(event.projectId().value())
                .update();
    }

    @EventHandler
    void on(BatchCreatedEvent event, @SequenceNumber long seq) {
        jdbc.sql("""
                        INSERT INTO cmd_batch (batch_id, project_id, workspace_id, status, last_seq)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (batch_id) DO NOTHING""")
                .param(event.batchId().value())
                .param(event.projectId().value())
                .param(event.workspaceId().value())
                .param(BatchStatus.DRAFT.name())
                .param(seq)
                .update();
    }

    @EventHandler
    void on(BatchOpenedEvent event, @SequenceNumber long seq) {
        batchStatus(event.batchId(), BatchStatus.OPEN, seq);
    }

    @EventHandler
    void on(BatchPausedEvent event, @SequenceNumber long seq) {
        batchStatus(event.batchId(), BatchStatus.PAUSED, seq);
    }

    @EventHandler
    void on(BatchClosedEvent event, @SequenceNumber long seq) {
        batchStatus(event.batchId(), BatchStatus.CLOSED, seq);
    }

    // cmd_external_id has no handler here: the import reserves each id in that table itself, in the transaction
    // that stores the TaskCreatedEvents, which is what makes duplicates impossible under concurrent imports.
    @EventHandler
    void on(TaskClaimedEvent event) {
        jdbc.sql("INSERT INTO cmd_lease (lease_id, task_id) VALUES (?, ?) ON CONFLICT (lease_id) DO NOTHING")
                .param(event.leaseId().value())
                .param(event.taskId().value())
                .update();
    }

    @EventHandler
    void on(AnnotationSubmittedEvent event) {
        jdbc.sql("""
                        INSERT INTO cmd_annotation (annotation_id, task_id) VALUES (?, ?)
                        ON CONFLICT (annotation_id) DO NOTHING""")
                .param(event.annotationId().value())
                .param(event.taskId().value())
                .update();
    }

    private void batchStatus(BatchId batchId, BatchStatus status, long seq) {
        jdbc.sql("UPDATE cmd_batch SET status = ?, last_seq = ? WHERE batch_id = ? AND last_seq < ?")
                .param(status.name())
                .param(seq)
                .param(batchId.value())
                .param(seq)
                .update();
    }
}
