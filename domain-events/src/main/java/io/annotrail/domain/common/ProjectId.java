package io.annotrail.domain.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies a project. */
public record ProjectId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ProjectId {
        Objects.requireNonNull(value, "ProjectId value");
    }

    public static ProjectId random() {
        return new ProjectId(UUID.randomUUID());
    }

    public static ProjectId of(String raw) {
        return new ProjectId(UUID.fromString(raw));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
