package io.annotrail.query.task;

import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.project.ProjectProgress;
import io.annotrail.domain.project.ProjectProgressQuery;
import io.annotrail.domain.task.FindTaskQuery;
import io.annotrail.domain.task.ListTasksQuery;
import io.annotrail.domain.task.TaskPage;
import io.annotrail.domain.task.TaskSummary;
import io.annotrail.domain.task.TaskView;
import io.annotrail.query.PostgresTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.annotrail.query.task.TaskFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskProjectionTest extends PostgresTestSupport {

    private TaskProjection projection;
    private final ProjectId project = ProjectId.random();
    private final BatchId batch = BatchId.random();
    private final UserId ann = UserId.random();

    @BeforeEach
    void setUp() {
        projection = new TaskProjection(jdbc, JSON);
        projection.reset();
    }

    private TaskFixtures create(String externalId, int secondsAfterT0) {
        TaskFixtures task = TaskFixtures.newTask(project, batch);
        projection.on(task.created(externalId, 1), 0, T0.plusSeconds(secondsAfterT0));
        return task;
    }

    @Test
    void aCreatedTaskIsFoundWithTheSameStateTheFoldGives() {
        TaskFixtures task = create("a", 0);

        TaskView found = projection.handle(new FindTaskQuery(task.taskId()));

        assertThat(found).isEqualTo(TaskFold.apply(null, task.created("a", 1), 0, T0));
    }

    @Test
    void anUnknownTaskIsNull() {
        assertThat(projection.handle(new FindTaskQuery(TaskId.random()))).isNull();
    }

    @Test
    void theSameEventTwiceLeavesTheTaskAndTheCountersAsAfterTheFirst() {
        TaskFixtures task = create("a", 0);
        LeaseId lease = LeaseId.random();
        projection.on(task.created("a", 1), 0, T0);
        projection.on(task.claimed(lease, ann, false), 1, T0.plusSeconds(1));
        projection.on(task.status(TaskStatus.OPEN, TaskStatus.IN_PROGRESS), 2, T0.plusSeconds(1));
        TaskView once = projection.handle(new FindTaskQuery(task.taskId()));
        ProjectProgress progressOnce = projection.handle(new ProjectProgressQuery(project));

        projection.on(task.claimed(lease, ann, false), 1, T0.plusSeconds(1));
        projection.on(task.status(TaskStatus.OPEN, TaskStatus.IN_PROGRESS), 2, T0.plusSeconds(1));
        projection.on(task.created("a", 1), 0, T0);

        assertThat(projection.handle(new FindTaskQuery(task.taskId()))).isEqualTo(once);
        assertThat(once.leases()).hasSize(1);
        assertThat(projection.handle(new ProjectProgressQuery(project))).isEqualTo(progressOnce)
                .isEqualTo(new ProjectProgress(1, 0, 1, 0, 0, 0, 0));
    }

    @Test
    void progressCountersFollowATaskThroughReviewAndRework() {
        TaskFixtures task = create("a", 0);
        create("b", 1);
        LeaseId lease = LeaseId.random();
        LeaseId rework = LeaseId.random();
        AnnotationId first = AnnotationId.random();
        AnnotationId second = AnnotationId.random();

        projection.on(task.claimed(lease, ann, false), 1, T0);
        projection.on(task.status(TaskStatus.OPEN, TaskStatus.IN_PROGRESS), 2, T0);
        assertThat(progress()).isEqualTo(new ProjectProgress(2, 1, 1, 0, 0, 0, 0));

        projection.on(task.submitted(first, lease, ann, true, null), 3, T0);
        projection.on(task.status(TaskStatus.IN_PROGRESS, TaskStatus.IN_REVIEW), 4, T0);
        assertThat(progress()).isEqualTo(new ProjectProgress(2, 1, 0, 0, 1, 0, 1));

        projection.on(task.reviewed(first, ann, ReviewDecision.REJECT), 5, T0);
        projection.on(task.status(TaskStatus.IN_REVIEW, TaskStatus.IN_PROGRESS), 6, T0);
        assertThat(progress()).isEqualTo(new ProjectProgress(2, 1, 1, 0, 0, 0, 0));

        projection.on(task.claimed(rework, ann, true), 7, T0);
        projection.on(task.submitted(second, rework, ann, true, first), 8, T0);
        projection.on(task.status(TaskStatus.IN_PROGRESS, TaskStatus.IN_REVIEW), 9, T0);
        projection.on(task.reviewed(second, ann, ReviewDecision.ACCEPT), 10, T0);
        projection.on(task.status(TaskStatus.IN_REVIEW, TaskStatus.COMPLETED), 11, T0);

        assertThat(progress()).isEqualTo(new ProjectProgress(2, 1, 0, 0, 0, 1, 1));
        TaskView view = projection.handle(new FindTaskQuery(task.taskId()));
        assertThat(view.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(view.version()).isEqualTo(11);
        assertThat(view.annotations()).hasSize(2);
    }

    @Test
    void progressOfAnUnknownProjectIsAllZeros() {
        assertThat(projection.handle(new ProjectProgressQuery(ProjectId.random())))
                .isEqualTo(new ProjectProgress(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void tasksAreListedInCreationOrderPageByPageWithTheirTotal() {
        List<TaskId> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create("t" + i, i).taskId());
        }

        TaskPage first = projection.handle(new ListTasksQuery(project, null, null, 0, 2));
        TaskPage last = projection.handle(new ListTasksQuery(project, null, null, 2, 2));

        assertThat(first.total()).isEqualTo(5);
        assertThat(first.items()).extracting(TaskSummary::taskId).containsExactly(created.get(0), created.get(1));
        assertThat(last.items()).extracting(TaskSummary::taskId).containsExactly(created.get(4));
        assertThat(first.items().getFirst().externalId()).isEqualTo("t0");
    }

    @Test
    void tasksCanBeFilteredByStatusAndBatch() {
        TaskFixtures busy = create("busy", 0);
        create("idle", 1);
        TaskFixtures elsewhere = TaskFixtures.newTask(project, BatchId.random());
        projection.on(elsewhere.created("elsewhere", 1), 0, T0.plusSeconds(2));
        projection.on(busy.claimed(LeaseId.random(), ann, false), 1, T0.plusSeconds(3));
        projection.on(busy.status(TaskStatus.OPEN, TaskStatus.IN_PROGRESS), 2, T0.plusSeconds(3));

        TaskPage inProgress = projection.handle(new ListTasksQuery(project, TaskStatus.IN_PROGRESS, null, 0, 10));
        TaskPage openInBatch = projection.handle(new ListTasksQuery(project, TaskStatus.OPEN, batch, 0, 10));
        TaskPage otherBatch = projection.handle(new ListTasksQuery(project, null, elsewhere.batchId(), 0, 10));

        assertThat(inProgress.items()).singleElement().satisfies(s -> {
            assertThat(s.taskId()).isEqualTo(busy.taskId());
            assertThat(s.activeLeases()).isEqualTo(1);
            assertThat(s.updatedAt()).isEqualTo(T0.plusSeconds(3));
        });
        assertThat(openInBatch.items()).extracting(TaskSummary::externalId).containsExactly("idle");
        assertThat(otherBatch.items()).extracting(TaskSummary::externalId).containsExactly("elsewhere");
    }

    @Test
    void aPageSizeOutsideOneToFiveHundredOrANegativePageIsRejected() {
        assertThatThrownBy(() -> projection.handle(new ListTasksQuery(project, null, null, 0, 501)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThatThrownBy(() -> projection.handle(new ListTasksQuery(project, null, null, -1, 10)))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> projection.handle(new ListTasksQuery(project, null, null, 0, 0)))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void theResetHandlerEmptiesTasksAndCounters() {
        create("a", 0);

        projection.reset();

        assertThat(count("rm_task")).isZero();
        assertThat(count("rm_project_progress")).isZero();
    }

    private ProjectProgress progress() {
        return projection.handle(new ProjectProgressQuery(project));
    }
}
