package io.annotrail.domain.job;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Exports the project's tasks as they were at an event position. eventPosition null means "now": the export saga
 * pins the position of the request itself. include names the optional parts (data, annotations, reviews,
 * suggestion); empty means all.
 */
public record StartExportJobCommand(@TargetAggregateIdentifier JobId jobId, ProjectId projectId, ExportFormat format,
                                    List<String> include, TaskFilter filter, Long eventPosition, UserId actor) {
}
