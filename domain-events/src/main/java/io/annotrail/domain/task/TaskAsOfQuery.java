package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;

/** State of a task after every event at or before asOf, rebuilt from the event store; null before its first event. */
public record TaskAsOfQuery(TaskId taskId, Instant asOf) {
}
