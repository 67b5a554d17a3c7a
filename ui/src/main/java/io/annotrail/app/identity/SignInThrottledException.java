package io.annotrail.app.identity;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;

import java.time.Duration;

/** A password check refused before the password was looked at: too many recent failures. */
public final class SignInThrottledException extends DomainException {

    private final Duration retryAfter;

    SignInThrottledException(Duration retryAfter) {
        super(ErrorCode.TOO_MANY_ATTEMPTS, "too many failed sign-in attempts; try again in "
                + retryAfterSeconds(retryAfter) + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds for {@code Retry-After}, rounded up (a client that waits that long is let through). */
    public long retryAfterSeconds() {
        return retryAfterSeconds(retryAfter);
    }

    private static long retryAfterSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
