package io.annotrail.command.directory;

import java.util.Set;
import java.util.Map;
import java.util.List;
import java.util.HashSet;
import java.util.ArrayList;
import io.annotrail.command.infra.Json;
import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewMode;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link Directory} over the {@code cmd_*} tables. Reads go through Spring's transaction-bound connection,
 * so a command sees what earlier events of its own unit of work wrote.
 */
@Component
public class JdbcDirectory implements Directory {

    private final JdbcClient jdbc;

    public JdbcDirectory(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public boolean workspaceExists(WorkspaceId workspaceId) {
        return jdbc.sql("SELECT count(*) FROM cmd_workspace WHERE workspace_id = ?")
                .param(workspaceId.value())
                .query(Long.class).single() > 0;
    }

    @Override
    public Optional<Role> roleOf(WorkspaceId workspaceId, UserId userId) {
        return jdbc.sql("SELECT role FROM cmd_member WHERE workspace_id = ? AND user_id = ?")
                .param(workspaceId.value())
                .param(userId.value())
                .query(String.class).optional()
                .map(Role::valueOf);
    }

    @Override
    public Optional<ProjectEntry> project(ProjectId projectId) {
        return jdbc.sql("""
                        SELECT workspace_id, overlap, lease_seconds, review_mode, review_sample_rate, schema_version
                          FROM cmd_project WHERE project_id = ?""")
                .param(projectId.value())
                .query((rs, row) -> new ProjectEntry(
                        projectId,
                        new WorkspaceId(rs.getObject("workspace_id", UUID.class)),
                        rs.getInt("overlap"),
                        rs.getInt("lease_seconds"),
                        new ReviewPolicy(ReviewMode.valueOf(rs.getString("review_mode")), rs.getDouble("review_sample_rate")),
                        rs.getInt("schema_version")))
                .optional();
    }

    @Override
    public Optional<BatchEntry> batch(BatchId batchId) {
        return jdbc.sql("SELECT project_id, workspace_id, status FROM cmd_batch WHERE batch_id = ?")
                .param(batchId.value())
                .query((rs, row) -> new BatchEntry(
                        batchId,
                        new ProjectId(rs.getObject("project_id", UUID.class)),
                        new WorkspaceId(rs.getObject("workspace_id", UUID.class)),
                        BatchStatus.valueOf(rs.getString("status"))))
                .optional();
    }

    @Override
    public Optional<JsonNode> schema(ProjectId projectId, int version) {
        return jdbc.sql("SELECT response_schema FROM cmd_schema_version WHERE project_id = ? AND version = ?")
                .param(projectId.value())
                .param(version)
                .query(String.class).optional()
                .map(Json::read);
    }

    @Override
    public Optional<TaskId> taskOfLease(LeaseId leaseId) {
        return jdbc.sql("SELECT task_id FROM cmd_lease WHERE lease_id = ?")
                .param(leaseId.value())
                .query(UUID.class).optional()
                .map(TaskId::new);
    }

    @Override
    public Optional<TaskId> taskOfAnnotation(AnnotationId annotationId) {
        return jdbc.sql("SELECT task_id FROM cmd_annotation WHERE annotation_id = ?")
                .param(annotationId.value())
                .query(UUID.class).optional()
                .map(TaskId::new);
    }

    // The primary key (project_id, external_id) decides: a concurrent import of the same external id waits
    // for the other transaction and then inserts nothing, so exactly one task gets it.
    @Override
    public boolean reserveExternalId(ProjectId projectId, String externalId, TaskId taskId) {
        return jdbc.sql("""
                        INSERT INTO cmd_external_id (project_id, external_id, task_id) VALUES (?, ?, ?)
                        ON CONFLICT (project_id, external_id) DO NOTHING""")
                .param(projectId.value())
                .param(externalId)
                .param(taskId.value())
                .update() == 1;
    }

    /** Chunks keep each statement's arrays (and the server's work per round trip) bounded. */
    private static final int RESERVE_CHUNK = 5_000;

    @Override
    public List<String> reserveExternalIds(ProjectId projectId, Map<String, TaskId> taskByExternalId) {
        List<Map.Entry<String, TaskId>> entries = new ArrayList<>(taskByExternalId.entrySet());
        Set<String> reserved = new HashSet<>();
        for (int from = 0; from < entries.size(); from += RESERVE_CHUNK) {
            List<Map.Entry<String, TaskId>> chunk = entries.subList(from, Math.min(entries.size(), from + RESERVE_CHUNK));
            String[] externalIds = chunk.stream().map(Map.Entry::getKey).toArray(String[]::new);
            UUID[] taskIds = chunk.stream().map(e -> e.getValue().value()).toArray(UUID[]::new);
            // The unique key decides under concurrent imports: a conflicting row is simply not returned.
            reserved.addAll(jdbc.sql("""
                            INSERT INTO cmd_external_id (project_id, external_id, task_id)
                            SELECT ?, e, t FROM unnest(?::text[], ?::uuid[]) AS u(e, t)
                            ON CONFLICT (project_id, external_id) DO NOTHING
                            RETURNING external_id""")
                    .param(projectId.value())
                    .param(externalIds)
                    .param(taskIds)
                    .query(String.class)
                    .list());
        }
        return entries.stream().map(Map.Entry::getKey).filter(reserved::contains).toList();
    }
}
