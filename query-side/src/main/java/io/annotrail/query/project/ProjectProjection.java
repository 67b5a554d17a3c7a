package io.annotrail.query.project;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewMode;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.project.FindProjectQuery;
import io.annotrail.domain.project.ListProjectsQuery;
import io.annotrail.domain.project.ProjectCreatedEvent;
import io.annotrail.domain.project.ProjectSummary;
import io.annotrail.domain.project.ProjectView;
import io.annotrail.domain.project.ResponseSchemaVersionedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Projects with their settings and current response schema. Creation is an insert that ignores a second
 * delivery; every later event is an update guarded by {@code last_seq < seq}, so redelivery is harmless.
 * Replay: reset empties the table.
 */
@Component
@ProcessingGroup(ProjectProjection.GROUP)
class ProjectProjection {

    static final String GROUP = "workspaces";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ProjectProjection(JdbcTemplate jdbcTemplate, JsonMapper json) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.json = json;
    }

    @EventHandler
    void on(ProjectCreatedEvent event, @SequenceNumber long seq, @Timestamp Instant at) {
        // schema_version 0 until the ResponseSchemaVersionedEvent (version 1) that always follows creation.
        jdbc.sql("""
                        INSERT INTO rm_project (project_id, workspace_id, name, instructions, schema_version,
                                                response_schema, overlap, lease_seconds, review_mode,
                                                review_sample_rate, created_at, last_seq)
                        VALUES (?, ?, ?, ?, 0, NULL, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (project_id) DO NOTHING""")
                .params(event.projectId().value(), event.workspaceId().value(), event.name(), event.instructions(),
                        event.overlap(), event.leaseSeconds(), event.reviewPolicy().mode().name(),
                        event.reviewPolicy().sampleRate(), at.atOffset(ZoneOffset.UTC), seq)
                .update();
    }

    @EventHandler
    void on(ResponseSchemaVersionedEvent event, @SequenceNumber long seq) {
        jdbc.sql("""
                        UPDATE rm_project SET schema_version = ?, response_schema = CAST(? AS json), last_seq = ?
                        WHERE project_id = ? AND last_seq < ?""")
                .params(event.version(), json.writeValueAsString(event.responseSchema()), seq,
                        event.projectId().value(), seq)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE rm_project").update();
    }

    @QueryHandler
    List<ProjectSummary> handle(ListProjectsQuery query) {
        return jdbc.sql("SELECT project_id, name, schema_version FROM rm_project WHERE workspace_id = ? ORDER BY name, project_id")
                .param(query.workspaceId().value())
                .query((rs, n) -> new ProjectSummary(new ProjectId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getInt(3)))
                .list();
    }

    @QueryHandler
    ProjectView handle(FindProjectQuery query) {
        return jdbc.sql("""
                        SELECT project_id, workspace_id, name, instructions, schema_version, response_schema,
                               overlap, lease_seconds, review_mode, review_sample_rate
                        FROM rm_project WHERE project_id = ?""")
                .param(query.projectId().value())
                .query((rs, n) -> {
                    String schema = rs.getString("response_schema");
                    ReviewMode mode = ReviewMode.valueOf(rs.getString("review_mode"));
                    return new ProjectView(new ProjectId(rs.getObject("project_id", UUID.class)),
                            new WorkspaceId(rs.getObject("workspace_id", UUID.class)), rs.getString("name"),
                            rs.getString("instructions"), rs.getInt("schema_version"),
                            schema == null ? null : json.readTree(schema), rs.getInt("overlap"),
                            rs.getInt("lease_seconds"), new ReviewPolicy(mode, rs.getDouble("review_sample_rate")));
                })
                .optional()
                .orElse(null);
    }
}
