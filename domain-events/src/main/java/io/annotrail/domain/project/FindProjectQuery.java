package io.annotrail.domain.project;

import io.annotrail.domain.common.*;

/** Answers null when unknown. */
public record FindProjectQuery(ProjectId projectId) {
}
