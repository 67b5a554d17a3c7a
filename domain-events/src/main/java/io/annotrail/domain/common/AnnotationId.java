package io.annotrail.domain.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies one submitted annotation. */
public record AnnotationId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public AnnotationId {
        Objects.requireNonNull(value, "AnnotationId value");
    }

    public static AnnotationId random() {
        return new AnnotationId(UUID.randomUUID());
    }

    public static AnnotationId of(String raw) {
        return new AnnotationId(UUID.fromString(raw));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
