package io.annotrail.domain.project;

import io.annotrail.domain.common.*;

public record ProjectSummary(ProjectId id, String name, int schemaVersion) {
}
