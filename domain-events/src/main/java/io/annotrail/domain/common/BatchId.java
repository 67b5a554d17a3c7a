package io.annotrail.domain.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies a batch of imported tasks. */
public record BatchId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public BatchId {
        Objects.requireNonNull(value, "BatchId value");
    }

    public static BatchId random() {
        return new BatchId(UUID.randomUUID());
    }

    public static BatchId of(String raw) {
        return new BatchId(UUID.fromString(raw));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
