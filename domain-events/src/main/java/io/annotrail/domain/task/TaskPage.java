package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.util.List;

public record TaskPage(List<TaskSummary> items, int page, int size, long total) {
}
