package io.annotrail.app.identity;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.Violation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Personal access tokens. The token is 256 random bits shown once; only its SHA-256 is stored (a fast hash is
 * enough for a secret with that much entropy, and it keeps every API request cheap).
 */
@Service
public class AccessTokens {

    static final String PREFIX = "atr_";
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Issued(UUID id, String token, Instant expiresAt) {
    }

    public record TokenInfo(UUID id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    AccessTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public Issued issue(UserId userId, String name, Duration ttl, Duration maxTtl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxTtl) > 0) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "invalid token lifetime",
                    List.of(new Violation("ttlSeconds", "must be between 1 and " + maxTtl.toSeconds())));
        }
        if (name != null && name.length() > 100) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "invalid token name",
                    List.of(new Violation("name", "at most 100 characters")));
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO app_access_token (id, user_id, token_hash, name, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(id, userId.value(), hash(token), name, utc(now), utc(expiresAt))
                .update();
        return new Issued(id, token, expiresAt);
    }

    /** Whether a bearer token is (by its form) one of ours rather than, say, an OIDC provider's JWT. */
    public static boolean isPersonalAccessToken(String token) {
        return token != null && token.startsWith(PREFIX);
    }

    /** The user a live (unexpired, unrevoked) token belongs to. */
    public Optional<AppUser> resolve(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        SELECT u.id, u.username, u.display_name, u.system_admin, u.credentials_version
                        FROM app_access_token t JOIN app_user u ON u.id = t.user_id
                        WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND NOT u.disabled""")
                .params(hash(token), utc(clock.instant()))
                .query((rs, n) -> UserAccounts.map(rs))
                .optional();
    }

    public List<TokenInfo> list(UserId userId) {
        return jdbc.sql("""
                        SELECT id, name, created_at, expires_at, last_used_at FROM app_access_token
                        WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at""")
                .params(userId.value(), utc(clock.instant()))
                .query((rs, n) -> new TokenInfo(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("last_used_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant).orElse(null)))
                .list();
    }

    /** Revokes one of the user's own tokens; answers false when there is no such live token of theirs. */
    @Transactional
    public boolean revoke(UserId userId, UUID tokenId) {
        return jdbc.sql("UPDATE app_access_token SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
                .params(utc(clock.instant()), tokenId, userId.value()).update() == 1;
    }

    /** Revokes every live token of the user (a password change, the account disabled); answers how many. */
    int revokeAll(UserId userId) {
        return jdbc.sql("UPDATE app_access_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
                .params(utc(clock.instant()), userId.value()).update();
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
