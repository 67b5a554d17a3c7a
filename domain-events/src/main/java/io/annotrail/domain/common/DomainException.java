package io.annotrail.domain.common;

import java.util.List;

/**
 * A rule of the domain refused a command. Thrown by handlers; nothing is applied when it is thrown.
 * The code is stable; the violations say which parts of the input were wrong.
 */
public class DomainException extends RuntimeException {

    private final ErrorCode code;
    private final List<Violation> violations;

    public DomainException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public DomainException(ErrorCode code, String message, List<Violation> violations) {
        super(message, null, false, false);
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    public ErrorCode code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The serializable form carried as {@code CommandExecutionException} details across a bus. */
    public DomainError toError() {
        return new DomainError(code, getMessage(), violations);
    }
}
