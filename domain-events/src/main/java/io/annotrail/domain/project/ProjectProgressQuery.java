package io.annotrail.domain.project;

import io.annotrail.domain.common.*;

public record ProjectProgressQuery(ProjectId projectId) {
}
