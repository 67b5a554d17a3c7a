package io.annotrail.domain.common;

import java.util.List;

/** Serializable description of a {@link DomainException}, carried across distributed command buses. */
public record DomainError(ErrorCode code, String message, List<Violation> violations) {

    public DomainException toException() {
        return new DomainException(code, message, violations == null ? List.of() : violations);
    }
}
