package io.annotrail.app.identity;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.UserId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Every password check and every change of who may sign in: HTTP Basic on {@code POST /api/v1/tokens}, the form
 * login, a password change (which checks the current one), disabling and enabling accounts. The one place that
 * throttles password checks (see {@link SignInThrottle}) and publishes {@link SignInEvent}s.
 */
@Service
public class Credentials {

    private final UserAccounts accounts;
    private final AccessTokens tokens;
    private final SignInThrottle throttle;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;

    Credentials(UserAccounts accounts, AccessTokens tokens, SignInThrottle throttle, ApplicationEventPublisher events,
                Clock clock, PlatformTransactionManager transactionManager) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.throttle = throttle;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Checks a username and password from a client address. Answers the account, or empty for an unknown user, a
     * wrong password or a disabled account alike.
     *
     * @throws SignInThrottledException before the password is looked at, when the address or account must wait
     */
    public Optional<AppUser> signIn(String username, String password, String clientAddress, SignInEvent.Channel channel) {
        String address = SignInThrottle.addressKey(clientAddress);
        String account = SignInThrottle.accountKey(username);
        try (SignInThrottle.Turn turn = throttle.turn(address, account)
                .orElseThrow(() -> refused(channel, username, address, Duration.ofSeconds(1)))) {
            SignInThrottle.Decision decision = throttle.before(clientAddress, username);
            if (decision.refused()) {
                throw refused(channel, username, address, decision.retryAfter());
            }
            Optional<AppUser> user = accounts.authenticate(username, password);
            if (user.isPresent()) {
                throttle.succeeded(decision);
                publish(channel, SignInEvent.Outcome.SUCCEEDED, user.get().username(), user.get().id(), address, null);
            } else {
                throttle.failed(decision);
                publish(channel, SignInEvent.Outcome.FAILED, username, null, address, null);
            }
            return user;
        }
    }

    /**
     * Changes the signed-in user's password after checking the current one (throttled like a sign-in: a stolen
     * session must not be a way to guess it). The account's credentials version moves on, which ends its other
     * browser sessions; with {@code revokeTokens} its personal access tokens are revoked too. Answers the account
     * as it is now (the caller's own session may keep going with it).
     */
    public AppUser changePassword(AppUser user, String currentPassword, String newPassword, boolean revokeTokens,
                                  String clientAddress) {
        if (signIn(user.username(), currentPassword, clientAddress, SignInEvent.Channel.PASSWORD_CHANGE).isEmpty()) {
            throw new DomainException(ErrorCode.FORBIDDEN, "current password is wrong");
        }
        UserAccounts.requireValidPassword("newPassword", newPassword);
        long version = transactions.execute(tx -> {
            long v = accounts.setPassword(user.id(), newPassword);
            if (revokeTokens) {
                tokens.revokeAll(user.id());
            }
            return v;
        });
        return new AppUser(user.id(), user.username(), user.displayName(), user.systemAdmin(), version);
    }

    /**
     * Disables an account: its tokens are revoked and its browser sessions end at their next request; it can no
     * longer sign in (password or OIDC). Nothing is deleted: the event log names people by id forever.
     */
    public void disable(UserId userId) {
        transactions.executeWithoutResult(tx -> {
            if (accounts.disable(userId)) {
                tokens.revokeAll(userId);
            }
        });
    }

    /** Lets a disabled account sign in again (with new sessions and new tokens: the old ones stay ended). */
    public void enable(UserId userId) {
        transactions.executeWithoutResult(tx -> accounts.enable(userId));
    }

    private SignInThrottledException refused(SignInEvent.Channel channel, String username, String address,
                                             Duration retryAfter) {
        publish(channel, SignInEvent.Outcome.THROTTLED, username, null, address, retryAfter);
        return new SignInThrottledException(retryAfter);
    }

    private void publish(SignInEvent.Channel channel, SignInEvent.Outcome outcome, String username, UserId userId,
                         String address, Duration retryAfter) {
        events.publishEvent(new SignInEvent(clock.instant(), channel, outcome, username, userId, address, retryAfter));
    }
}
