package io.annotrail.app.identity;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Growing delays for password checks, per client address and per account.
 * <ul>
 *   <li><b>Address</b>: every failure from an address counts (whatever the username), so one address cannot spray
 *   passwords over many accounts. IPv6 addresses count by their /64, which one client usually owns whole.</li>
 *   <li><b>Account</b>: failures against an account count from addresses that have not signed in to it successfully
 *   in the last {@link #KNOWN_ADDRESS_TTL}, so guessing from many addresses is slowed too; its delay is capped
 *   short, and the real user at an address they used before is not delayed by it at all: an attacker cannot lock
 *   them out.</li>
 * </ul>
 * After {@code freeAttempts} failures a key is blocked for the first delay, doubling with each further failure up
 * to its cap; a blocked attempt is refused before any password is looked at (no oracle, no hashing cost) and does
 * not count. A success clears both keys. The state is in PostgreSQL, so every instance sharing the database
 * enforces the same limits and a restart forgets nothing.
 * <p>
 * Failures are recorded after the check, so checks of one key must not run in parallel, or a burst of concurrent
 * guesses would all be checked before the first failure is stored: each instance lets one check per account and a
 * few per address run at a time (others wait briefly, then are refused as throttled).
 */
@Component
class SignInThrottle {

    static final Duration KNOWN_ADDRESS_TTL = Duration.ofDays(30);
    private static final String ADDRESS = "address";
    private static final String ACCOUNT = "account";
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final int STRIPES = 1024;
    private static final int CHECKS_PER_ADDRESS = 4;
    private static final long WAIT_FOR_TURN_MILLIS = 5_000;

    /** What the throttle decided before a check, and what to count afterwards. */
    record Decision(String address, String account, boolean countAccount, @Nullable Duration retryAfter) {
        boolean refused() {
            return retryAfter != null;
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SignInProperties properties;
    private final Semaphore[] accountTurns = new Semaphore[STRIPES];
    private final Semaphore[] addressTurns = new Semaphore[STRIPES];

    SignInThrottle(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock,
                   SignInProperties properties) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.properties = properties;
        for (int i = 0; i < STRIPES; i++) {
            accountTurns[i] = new Semaphore(1);
            addressTurns[i] = new Semaphore(CHECKS_PER_ADDRESS);
        }
    }

    /** A turn to check a password for this address and account; close it when the outcome is recorded. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits (bounded) for this address's and account's turn; empty when none came in time. */
    java.util.Optional<Turn> turn(String address, String account) {
        Semaphore byAddress = addressTurns[Math.floorMod(address.hashCode(), STRIPES)];
        Semaphore byAccount = accountTurns[Math.floorMod(account.hashCode(), STRIPES)];
        try {
            if (!byAddress.tryAcquire(WAIT_FOR_TURN_MILLIS, TimeUnit.MILLISECONDS)) {
                return java.util.Optional.empty();
            }
            if (!byAccount.tryAcquire(WAIT_FOR_TURN_MILLIS, TimeUnit.MILLISECONDS)) {
                byAddress.release();
                return java.util.Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(() -> {
            byAccount.release();
            byAddress.release();
        });
    }

    /** Whether a check may go ahead now; the keys are the normalised address and account. */
    Decision before(String clientAddress, String username) {
        String address = addressKey(clientAddress);
        String account = accountKey(username);
        Instant now = clock.instant();
        boolean known = jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM app_sign_in_known_address
                                       WHERE username_key = ? AND address = ? AND last_success_at > ?)""")
                .params(account, address, utc(now.minus(KNOWN_ADDRESS_TTL)))
                .query(Boolean.class).single();
        Instant blockedUntil = jdbc.sql("""
                        SELECT max(blocked_until) FROM app_sign_in_throttle
                        WHERE blocked_until > ? AND ((scope = ? AND subject = ?) OR (scope = ? AND subject = ? AND ?))""")
                .params(utc(now), ADDRESS, address, ACCOUNT, account, !known)
                .query(OffsetDateTime.class).list().stream().filter(java.util.Objects::nonNull).findFirst()
                .map(OffsetDateTime::toInstant).orElse(null);
        return new Decision(address, account, !known,
                blockedUntil == null ? null : Duration.between(now, blockedUntil));
    }

    /** A failed check: counts against the address and (from an address it does not know) the account. */
    void failed(Decision decision) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            count(ADDRESS, decision.address(), now, properties.maxDelay());
            if (decision.countAccount()) {
                count(ACCOUNT, decision.account(), now, properties.accountMaxDelay());
            }
        });
    }

    /** A successful check: both keys start over, and the address is known to the account from now on. */
    void succeeded(Decision decision) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("DELETE FROM app_sign_in_throttle WHERE (scope = ? AND subject = ?) OR (scope = ? AND subject = ?)")
                    .params(ADDRESS, decision.address(), ACCOUNT, decision.account()).update();
            jdbc.sql("""
                    INSERT INTO app_sign_in_known_address (username_key, address, last_success_at) VALUES (?, ?, ?)
                    ON CONFLICT (username_key, address) DO UPDATE SET last_success_at = EXCLUDED.last_success_at""")
                    .params(decision.account(), decision.address(), utc(now)).update();
        });
    }

    private void count(String scope, String subject, Instant now, Duration cap) {
        // A failure after a quiet window starts the count over; the row lock makes concurrent failures add up.
        int failures = jdbc.sql("""
                        INSERT INTO app_sign_in_throttle AS t (scope, subject, failures, last_failure_at)
                        VALUES (?, ?, 1, ?)
                        ON CONFLICT (scope, subject) DO UPDATE SET
                            failures = CASE WHEN t.last_failure_at < ? THEN 1 ELSE t.failures + 1 END,
                            last_failure_at = EXCLUDED.last_failure_at
                        RETURNING failures""")
                .params(scope, subject, utc(now), utc(now.minus(properties.window())))
                .query(Integer.class).single();
        Duration delay = properties.delayAfter(failures, cap);
        if (!delay.isZero()) {
            jdbc.sql("UPDATE app_sign_in_throttle SET blocked_until = ? WHERE scope = ? AND subject = ?")
                    .params(utc(now.plus(delay)), scope, subject).update();
        }
    }

    /** Forgets quiet keys and stale known addresses, so an attacker's many usernames and addresses do not pile up. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetOldEntries() {
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM app_sign_in_throttle WHERE last_failure_at < ? AND (blocked_until IS NULL OR blocked_until < ?)")
                .params(utc(now.minus(properties.window())), utc(now)).update();
        jdbc.sql("DELETE FROM app_sign_in_known_address WHERE last_success_at < ?")
                .param(utc(now.minus(KNOWN_ADDRESS_TTL))).update();
    }

    /** The throttle's key for a client address: the address itself, or an IPv6 address's /64. */
    static String addressKey(String clientAddress) {
        if (clientAddress == null || !IP_LITERAL.matcher(clientAddress).matches()) {
            return clientAddress == null ? "unknown" : clientAddress.substring(0, Math.min(64, clientAddress.length()));
        }
        try {
            // A literal (checked above), so this never asks DNS.
            InetAddress address = InetAddress.getByName(clientAddress);
            if (address instanceof Inet6Address) {
                byte[] b = address.getAddress();
                return String.format("%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return clientAddress;
        }
    }

    /** The throttle's key for an account: the username as typed, lower-cased (as accounts are looked up). */
    static String accountKey(String username) {
        String key = username == null ? "" : username.toLowerCase(Locale.ROOT);
        return key.length() > 200 ? key.substring(0, 200) : key;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
