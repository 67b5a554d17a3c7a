package io.annotrail.domain.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies a task. */
public record TaskId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
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
