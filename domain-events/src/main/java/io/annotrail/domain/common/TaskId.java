package io.annotrail.domain.common;

import java.util.Objects;
import java.util.UUID;

/** Identifies a task. */
public record TaskId(UUID value) {
    public TaskId {
        Objects.requireNonNull(value, "TaskId value");
    }

    public static TaskId random() {
        return new TaskId(UUID.randomUUID());
    }

    public static TaskId of(String raw) {
        return new TaskId(UUID.fromString(raw));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
