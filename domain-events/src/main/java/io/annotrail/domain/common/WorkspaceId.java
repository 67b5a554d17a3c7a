package io.annotrail.domain.common;

import java.util.Objects;
import java.util.UUID;

/** Identifies a workspace. */
public record WorkspaceId(UUID value) {
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
