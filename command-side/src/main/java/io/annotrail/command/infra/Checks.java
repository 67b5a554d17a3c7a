package io.annotrail.command.infra;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.Violation;

import java.util.List;

/** Shape checks shared by the aggregates; every failure is a {@link DomainException} with a stable code. */
public final class Checks {

    public static final int MAX_NAME_LENGTH = 200;

    private Checks() {
    }

    /** The edge always sends the actor; a command without one was not authenticated. */
    public static UserId actor(UserId actor) {
        if (actor == null) {
            throw new DomainException(ErrorCode.UNAUTHENTICATED, "command has no actor");
        }
        return actor;
    }

    /** Answers the stripped name, 1..200 characters, or throws VALIDATION_FAILED naming {@code field}. */
    public static String name(String value, String field) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME_LENGTH) {
            throw invalid(field, "must be 1.." + MAX_NAME_LENGTH + " characters");
        }
        return stripped;
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    public static DomainException invalid(String field, String message) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, field + " " + message,
                List.of(new Violation(field, message)));
    }

    public static DomainException invalid(List<Violation> violations) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, "invalid input: " + violations.size()
                + (violations.size() == 1 ? " violation" : " violations"), violations);
    }
}
