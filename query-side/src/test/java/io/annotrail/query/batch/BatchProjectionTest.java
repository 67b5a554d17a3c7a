package io.annotrail.query.batch;

import io.annotrail.domain.batch.BatchClosedEvent;
import io.annotrail.domain.batch.BatchCreatedEvent;
import io.annotrail.domain.batch.BatchOpenedEvent;
import io.annotrail.domain.batch.BatchPausedEvent;
import io.annotrail.domain.batch.BatchPriorityChangedEvent;
import io.annotrail.domain.batch.BatchView;
import io.annotrail.domain.batch.FindBatchQuery;
import io.annotrail.domain.batch.ListBatchesQuery;
import io.annotrail.domain.batch.TasksImportedEvent;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.query.PostgresTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.annotrail.query.task.TaskFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class BatchProjectionTest extends PostgresTestSupport {

    private BatchProjection projection;
    private final BatchId batch = BatchId.random();
    private final ProjectId project = ProjectId.random();

    @BeforeEach
    void setUp() {
        projection = new BatchProjection(jdbc);
        projection.reset();
        projection.on(new BatchCreatedEvent(batch, project, WorkspaceId.random(), "first", 0), 0, T0);
    }

    @Test
    void aBatchFollowsItsLifecycleAndPriority() {
        projection.on(new BatchOpenedEvent(batch, project), 1);
        projection.on(new BatchPriorityChangedEvent(batch, project, 7), 2);
        projection.on(new BatchPausedEvent(batch, project), 3);

        assertThat(projection.handle(new FindBatchQuery(batch)))
                .isEqualTo(new BatchView(batch, project, "first", BatchStatus.PAUSED, 7, 0));

        projection.on(new BatchClosedEvent(batch, project), 4);
        assertThat(projection.handle(new ListBatchesQuery(project))).extracting(BatchView::status)
                .containsExactly(BatchStatus.CLOSED);
    }

    @Test
    void importedTasksAreCountedOnceEvenWhenTheEventIsRedelivered() {
        projection.on(new TasksImportedEvent(batch, project, 100, 3), 1);
        projection.on(new TasksImportedEvent(batch, project, 20, 0), 2);
        projection.on(new TasksImportedEvent(batch, project, 20, 0), 2);

        assertThat(projection.handle(new FindBatchQuery(batch)).tasks()).isEqualTo(120);
    }

    @Test
    void anUnknownBatchIsNull() {
        assertThat(projection.handle(new FindBatchQuery(BatchId.random()))).isNull();
    }

    @Test
    void theResetHandlerEmptiesBatches() {
        projection.reset();

        assertThat(count("rm_batch")).isZero();
    }
}
