package io.annotrail.domain.project;

import io.annotrail.domain.common.*;

public record ProjectCreatedEvent(ProjectId projectId, WorkspaceId workspaceId, String name, String instructions, int overlap, int leaseSeconds, ReviewPolicy reviewPolicy) {
}
