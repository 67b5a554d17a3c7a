package io.annotrail.query.project;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.project.FindProjectQuery;
import io.annotrail.domain.project.ListProjectsQuery;
import io.annotrail.domain.project.ProjectCreatedEvent;
import io.annotrail.domain.project.ProjectSummary;
import io.annotrail.domain.project.ProjectView;
import io.annotrail.domain.project.ResponseSchemaVersionedEvent;
import io.annotrail.query.PostgresTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.annotrail.query.task.TaskFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class ProjectProjectionTest extends PostgresTestSupport {

    private ProjectProjection projection;
    private final ProjectId project = ProjectId.random();
    private final WorkspaceId ws = WorkspaceId.random();
    private final JsonNode v1 = JSON.readTree("{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\"}}}");
    private final JsonNode v2 = JSON.readTree("{\"type\":\"object\",\"required\":[\"label\"]}");

    @BeforeEach
    void setUp() {
        projection = new ProjectProjection(jdbc, JSON);
        projection.reset();
        projection.on(new ProjectCreatedEvent(project, ws, "Cats", "Label cats", 3, 900, ReviewPolicy.sample(0.25)), 0, T0);
        projection.on(new ResponseSchemaVersionedEvent(project, ws, 1, v1), 1);
    }

    @Test
    void aProjectIsFoundWithItsSettingsAndCurrentSchema() {
        assertThat(projection.handle(new FindProjectQuery(project)))
                .isEqualTo(new ProjectView(project, ws, "Cats", "Label cats", 1, v1, 3, 900, ReviewPolicy.sample(0.25)));
        assertThat(projection.handle(new FindProjectQuery(ProjectId.random()))).isNull();
    }

    @Test
    void aNewSchemaVersionReplacesTheCurrentOneAndARedeliveredOldOneDoesNot() {
        projection.on(new ResponseSchemaVersionedEvent(project, ws, 2, v2), 2);
        projection.on(new ResponseSchemaVersionedEvent(project, ws, 1, v1), 1);

        assertThat(projection.handle(new ListProjectsQuery(ws))).containsExactly(new ProjectSummary(project, "Cats", 2));
        assertThat(projection.handle(new FindProjectQuery(project)).responseSchema()).isEqualTo(v2);
    }

    @Test
    void theSchemaKeepsTheOrderOfItsPropertiesWhichIsTheOrderOfTheFormsFields() {
        String declared = "{\"type\":\"object\",\"properties\":{\"sentiment\":{},\"confidence\":{},\"notes\":{}}}";
        projection.on(new ResponseSchemaVersionedEvent(project, ws, 2, JSON.readTree(declared)), 2);

        JsonNode stored = projection.handle(new FindProjectQuery(project)).responseSchema();
        assertThat(JSON.writeValueAsString(stored)).isEqualTo(declared);
    }

    @Test
    void theResetHandlerEmptiesProjects() {
        projection.reset();

        assertThat(count("rm_project")).isZero();
    }
}
