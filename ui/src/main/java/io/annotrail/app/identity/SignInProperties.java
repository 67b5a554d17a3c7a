package io.annotrail.app.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Throttling of password checks (see {@link SignInThrottle}).
 *
 * @param freeAttempts    failures per client address, and per account, before delays begin
 * @param firstDelay      the first delay; it doubles with each further failure
 * @param maxDelay        the longest delay for a client address
 * @param accountMaxDelay the longest delay for an account: kept short because anyone can cause it, and the real user
 *                        signing in from an address they used before is never delayed by it
 * @param window          failures are forgotten once the last one is this old
 */
@ConfigurationProperties("annotrail.sign-in")
public record SignInProperties(int freeAttempts, Duration firstDelay, Duration maxDelay, Duration accountMaxDelay,
                               Duration window) {

    public SignInProperties {
        if (freeAttempts < 1) {
            freeAttempts = 5;
        }
        firstDelay = positiveOr(firstDelay, Duration.ofSeconds(1));
        maxDelay = positiveOr(maxDelay, Duration.ofMinutes(5));
        accountMaxDelay = positiveOr(accountMaxDelay, Duration.ofMinutes(1));
        window = positiveOr(window, Duration.ofMinutes(15));
    }

    private static Duration positiveOr(Duration value, Duration fallback) {
        return value == null || value.isNegative() || value.isZero() ? fallback : value;
    }

    /** The delay after {@code failures} failures, capped at {@code cap}; zero while failures are still free. */
    Duration delayAfter(int failures, Duration cap) {
        if (failures < freeAttempts) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - freeAttempts, 40);
        Duration delay = firstDelay.multipliedBy(1L << Math.min(doublings, 30));
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
