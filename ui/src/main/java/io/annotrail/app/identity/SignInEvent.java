package io.annotrail.app.identity;

import io.annotrail.domain.common.UserId;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;

/**
 * One password check, published as a Spring application event. Today {@link SignInLog} writes it to the log; the
 * audit log's system chain (sign-ins, failed sign-ins) is meant to listen to the same event when it exists.
 *
 * @param username   as typed (may name no account), for failures; the account's for successes
 * @param userId     the account when the check succeeded; null otherwise (a failure never says whether it exists)
 * @param address    the client address the throttle used (the socket's, or the proxy-reported one when Boot's
 *                   forward-headers strategy is configured)
 * @param retryAfter for {@link Outcome#THROTTLED}: how long the client must wait
 */
public record SignInEvent(Instant at, Channel channel, Outcome outcome, String username, @Nullable UserId userId,
                          String address, @Nullable Duration retryAfter) {

    public enum Channel { API_TOKEN, FORM_LOGIN, PASSWORD_CHANGE }

    public enum Outcome { SUCCEEDED, FAILED, THROTTLED }
}
