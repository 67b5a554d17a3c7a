package io.annotrail.domain.task;

import io.annotrail.domain.common.*;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One stored event of an aggregate, as the audit trail shows it. */
public record HistoryEntry(long seq, String type, Instant at, String actor, String correlationId, JsonNode payload) {
}
