package io.annotrail.command.task;

import io.annotrail.domain.common.AnnotationId;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.LeaseId;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewDecision;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.task.AnnotationReviewedEvent;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.LeaseExpiredEvent;
import io.annotrail.domain.task.LeaseReleasedEvent;
import io.annotrail.domain.task.TaskClaimedEvent;
import io.annotrail.domain.task.TaskCreatedEvent;
import io.annotrail.domain.task.TaskSkippedEvent;
import io.annotrail.domain.task.TaskStatusChangedEvent;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Instant;

/** Events of one task, built with consistent ids. */
record TaskEvents(TaskId taskId, ProjectId projectId, WorkspaceId workspaceId, BatchId batchId) {

    static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    static TaskEvents newTask(ProjectId projectId, BatchId batchId) {
        return new TaskEvents(TaskId.random(), projectId, WorkspaceId.random(), batchId);
    }

    static TaskEvents newTask() {
        return newTask(ProjectId.random(), BatchId.random());
    }

    TaskCreatedEvent created(String externalId, int overlap) {
        return new TaskCreatedEvent(taskId, projectId, workspaceId, batchId, externalId,
                JsonNodeFactory.instance.objectNode().put("text", "hello " + externalId), overlap, 600,
                ReviewPolicy.ALL);
    }

    TaskClaimedEvent claimed(LeaseId lease, UserId user, boolean rework) {
        return new TaskClaimedEvent(taskId, projectId, lease, user, T0, T0.plusSeconds(600), 1, rework);
    }

    LeaseReleasedEvent released(LeaseId lease, UserId user) {
        return new LeaseReleasedEvent(taskId, projectId, lease, user);
    }

    LeaseExpiredEvent expired(LeaseId lease, UserId user) {
        return new LeaseExpiredEvent(taskId, projectId, lease, user, T0.plusSeconds(600));
    }

    TaskSkippedEvent skipped(LeaseId lease, UserId user) {
        return new TaskSkippedEvent(taskId, projectId, lease, user, "unclear");
    }

    AnnotationSubmittedEvent submitted(AnnotationId annotation, LeaseId lease, UserId user, boolean reviewRequired,
                                              AnnotationId reworkOf) {
        return new AnnotationSubmittedEvent(taskId, projectId, annotation, lease, "sub-" + annotation, user,
                JsonNodeFactory.instance.objectNode().put("label", "cat"), 1, T0.plusSeconds(60), 60_000,
                reviewRequired, reworkOf, false, List.of());
    }

    AnnotationReviewedEvent reviewed(AnnotationId annotation, UserId annotator, ReviewDecision decision) {
        return new AnnotationReviewedEvent(taskId, projectId, annotation, annotator, UserId.random(), decision,
                decision == ReviewDecision.REJECT ? "wrong label" : null, T0.plusSeconds(120));
    }

    TaskStatusChangedEvent status(TaskStatus from, TaskStatus to) {
        return new TaskStatusChangedEvent(taskId, projectId, batchId, from, to);
    }
}
