package io.annotrail.app.security;

import io.annotrail.app.identity.SignInThrottledException;
import org.springframework.security.authentication.AccountStatusException;

/**
 * A throttled password check, as Spring Security's authentication flow carries it. An account-status exception, so
 * the provider manager stops at once instead of trying other providers.
 */
final class SignInThrottledAuthenticationException extends AccountStatusException {

    private final transient SignInThrottledException throttled;

    SignInThrottledAuthenticationException(SignInThrottledException throttled) {
        super(throttled.getMessage());
        this.throttled = throttled;
    }

    SignInThrottledException throttled() {
        return throttled;
    }
}
