package io.annotrail.domain.common;

/**
 * Stable error codes. They are part of the public contract (the {@code code} member of every problem
 * document), so a code is never renamed or reused for another meaning.
 */
public enum ErrorCode {
    VALIDATION_FAILED(Kind.INVALID),
    MALFORMED_REQUEST(Kind.INVALID),
    SCHEMA_INVALID(Kind.INVALID),
    RESPONSE_INVALID(Kind.INVALID),
    IMPORT_REJECTED(Kind.INVALID),
    PAYLOAD_TOO_LARGE(Kind.TOO_LARGE),
    UNAUTHENTICATED(Kind.UNAUTHENTICATED),
    FORBIDDEN(Kind.FORBIDDEN),
    NOT_FOUND(Kind.NOT_FOUND),
    WORKSPACE_NOT_FOUND(Kind.NOT_FOUND),
    PROJECT_NOT_FOUND(Kind.NOT_FOUND),
    BATCH_NOT_FOUND(Kind.NOT_FOUND),
    TASK_NOT_FOUND(Kind.NOT_FOUND),
    LEASE_NOT_FOUND(Kind.NOT_FOUND),
    ANNOTATION_NOT_FOUND(Kind.NOT_FOUND),
    USER_NOT_FOUND(Kind.NOT_FOUND),
    JOB_NOT_FOUND(Kind.NOT_FOUND),
    ALREADY_EXISTS(Kind.CONFLICT),
    USERNAME_TAKEN(Kind.CONFLICT),
    LEASE_EXPIRED(Kind.CONFLICT),
    LEASE_NOT_YOURS(Kind.CONFLICT),
    LEASE_NOT_LIVE(Kind.CONFLICT),
    TASK_FULL(Kind.CONFLICT),
    TASK_ALREADY_PARTICIPATED(Kind.CONFLICT),
    ALREADY_HOLDING_LEASE(Kind.CONFLICT),
    TASK_COMPLETED(Kind.CONFLICT),
    BATCH_NOT_OPEN(Kind.CONFLICT),
    SUBMISSION_CONFLICT(Kind.CONFLICT),
    ALREADY_REVIEWED(Kind.CONFLICT),
    CONCURRENT_MODIFICATION(Kind.CONFLICT),
    LLM_NOT_CONFIGURED(Kind.CONFLICT),
    INVALID_TRANSITION(Kind.RULE),
    SELF_REVIEW(Kind.RULE),
    LAST_ADMIN(Kind.RULE),
    REVIEW_NOT_REQUIRED(Kind.RULE),
    ASSET_NOT_FOUND(Kind.NOT_FOUND),
    /** A signed asset URL whose signature does not match (tampered, or signed with another key). */
    ASSET_LINK_INVALID(Kind.FORBIDDEN),
    /** A signed asset URL past its expiry; the holder asks for a fresh one (a new claim, a job's result). */
    ASSET_LINK_EXPIRED(Kind.FORBIDDEN),
    /**
     * A response schema that exceeds a cost bound (size, nesting, pattern expansion, reference cycles or expansion);
     * each violation names the bound first and points at where it is exceeded.
     */
    SCHEMA_TOO_COMPLEX(Kind.INVALID),
    /** The request asks only for representations this resource does not have (e.g. {@code Accept: text/html}). */
    NOT_ACCEPTABLE(Kind.NOT_ACCEPTABLE),
    /** The path exists but not with this method; {@code Allow} lists the ones it has. */
    METHOD_NOT_ALLOWED(Kind.METHOD_NOT_ALLOWED),
    /** The body's {@code Content-Type} is not one this endpoint reads. */
    UNSUPPORTED_MEDIA_TYPE(Kind.UNSUPPORTED_MEDIA_TYPE),
    /** Refused before routing: a malformed or dangerous request line (encoded slashes, "..", ";", bad escapes). */
    REQUEST_REJECTED(Kind.INVALID),
    /** The database cannot be reached for now; nothing was stored; retry after {@code Retry-After} seconds. */
    SERVICE_UNAVAILABLE(Kind.UNAVAILABLE),
    /** A failure the server did not expect; the log has it under the response's {@code X-Correlation-Id}. */
    INTERNAL_ERROR(Kind.INTERNAL),
    /**
     * Text PostgreSQL cannot store (U+0000, a lone surrogate) in a string or object key; each violation's path is
     * the JSON pointer (or field) of the value.
     */
    UNSUPPORTED_CHARACTER(Kind.INVALID),
    /** Too many failed password checks from this address or against this account; retry after the delay given. */
    TOO_MANY_ATTEMPTS(Kind.THROTTLED);

    /** The broad class of an error; the edge maps it to a status code. */
    public enum Kind {
        INVALID, TOO_LARGE, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, RULE,
        NOT_ACCEPTABLE, METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE, UNAVAILABLE, INTERNAL, THROTTLED
    }

    private final Kind kind;

    ErrorCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
