package io.annotrail.domain.common;

import java.util.Objects;
import java.util.UUID;

/** The stable internal id of a person (local account or OIDC subject mapped to it). */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "UserId value");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    public static UserId of(String raw) {
        return new UserId(UUID.fromString(raw));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
