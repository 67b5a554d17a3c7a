package io.annotrail.domain.common;

import java.util.Objects;
import java.util.UUID;

/** Identifies a project. */
public record ProjectId(UUID value) {
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
