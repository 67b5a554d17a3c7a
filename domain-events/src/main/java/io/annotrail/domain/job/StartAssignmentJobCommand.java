package io.annotrail.domain.job;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Reserves one slot per selected task for the named annotators. limit caps the number of tasks considered (in
 * external-id order; 0 = no cap), not the number reserved, so running the same request again changes nothing.
 */
public record StartAssignmentJobCommand(@TargetAggregateIdentifier JobId jobId, ProjectId projectId,
                                        List<UserId> annotators, TaskFilter filter, AssignmentStrategy strategy,
                                        int limit, UserId actor) {
}
