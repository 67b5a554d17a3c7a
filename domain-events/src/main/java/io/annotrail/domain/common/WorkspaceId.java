package io.annotrail.domain.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies a workspace. */
public record WorkspaceId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public WorkspaceId {
        Objects.requireNonNull(value, "WorkspaceId value");
    }

    public static WorkspaceId random() {
        return new WorkspaceId(UUID.randomUUID());
    }

    public static WorkspaceId of(String raw) {
        return new WorkspaceId(UUID.fromString(raw));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
