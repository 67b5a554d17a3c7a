package io.annotrail.domain.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies a lease; doubles as the fencing token a submit must present. */
public record LeaseId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public LeaseId {
        Objects.requireNonNull(value, "LeaseId value");
    }

    public static LeaseId random() {
        return new LeaseId(UUID.randomUUID());
    }

    public static LeaseId of(String raw) {
        return new LeaseId(UUID.fromString(raw));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
