package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;
import tools.jackson.databind.JsonNode;

/** One task of an import; the task id is chosen by the caller so a retry can be recognised. */
public record TaskInput(TaskId taskId, String externalId, JsonNode data) {
}
