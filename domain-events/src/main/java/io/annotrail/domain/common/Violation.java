package io.annotrail.domain.common;

/** One reason an input was rejected; {@code path} is a JSON pointer or a field name. */
public record Violation(String path, String message) {
}
