package io.annotrail.domain.project;

import io.annotrail.domain.common.*;

/** Counts of tasks by status; annotations counts every annotation that is not rejected. */
public record ProjectProgress(long tasks, long open, long inProgress, long submitted, long inReview, long completed, long annotations) {
}
