package io.annotrail.domain.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies a long-running job (bulk assignment, export, pre-labelling). */
public record JobId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public JobId {
        Objects.requireNonNull(value, "JobId value");
    }

    public static JobId random() {
        return new JobId(UUID.randomUUID());
    }

    public static JobId of(String raw) {
        return new JobId(UUID.fromString(raw));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
