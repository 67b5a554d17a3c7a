package io.annotrail.app.identity;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.Violation;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Local accounts. This is the one identity model: OIDC users are provisioned into the same table (with
 * issuer and subject, no password), so workspace roles refer to the same user ids whichever way people sign in.
 */
@Service
public class UserAccounts {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{2,63}");
    static final int MIN_PASSWORD_LENGTH = 10;
    static final int MAX_PASSWORD_LENGTH = 128;

    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    /** Hash of a secret nobody knows; checked against for unknown users only to equalise timing. */
    private final String dummyHash;

    UserAccounts(JdbcClient jdbc, PasswordEncoder passwordEncoder, Clock clock) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        this.dummyHash = passwordEncoder.encode(UUID.randomUUID().toString());
    }

    @Transactional
    public AppUser create(String username, String password, String displayName, boolean systemAdmin) {
        List<Violation> violations = new ArrayList<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            violations.add(new Violation("username", "3-64 characters: letters, digits, '.', '_', '@', '-'; starting with a letter or digit"));
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            violations.add(new Violation("password", "must be " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters"));
        }
        if (displayName != null && displayName.length() > 200) {
            violations.add(new Violation("displayName", "at most 200 characters"));
        }
        if (!violations.isEmpty()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "invalid user", violations);
        }
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("""
                    INSERT INTO app_user (id, username, password_hash, display_name, system_admin, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(id, username, passwordEncoder.encode(password), displayName, systemAdmin,
                            OffsetDateTime.now(clock))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DomainException(ErrorCode.USERNAME_TAKEN, "username '" + username + "' is taken");
        }
        return new AppUser(new UserId(id), username, displayName, systemAdmin, 0);
    }

    /**
     * Checks a username and password; answers empty for unknown users, wrong passwords and disabled accounts alike.
     * Not throttled: every caller goes through {@link Credentials}, which throttles before this spends a hash.
     */
    Optional<AppUser> authenticate(String username, String password) {
        if (username == null || password == null || password.length() > MAX_PASSWORD_LENGTH) {
            return Optional.empty();
        }
        record Row(AppUser user, String hash) {
        }
        Optional<Row> row = jdbc.sql("""
                        SELECT id, username, display_name, system_admin, credentials_version, password_hash FROM app_user
                        WHERE lower(username) = lower(?) AND NOT disabled""")
                .param(username)
                .query((rs, n) -> new Row(map(rs), rs.getString("password_hash")))
                .optional();
        if (row.isEmpty() || row.get().hash() == null) {
            // Spend the same time as a real check so response times do not reveal which usernames exist.
            passwordEncoder.matches(password, dummyHash);
            return Optional.empty();
        }
        return passwordEncoder.matches(password, row.get().hash()) ? Optional.of(row.get().user()) : Optional.empty();
    }

    static void requireValidPassword(String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "invalid password",
                    List.of(new Violation(field, "must be " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters")));
        }
    }

    /** Stores a new password and moves the credentials version on; answers the new version. */
    long setPassword(UserId userId, String newPassword) {
        return jdbc.sql("""
                        UPDATE app_user SET password_hash = ?, credentials_version = credentials_version + 1
                        WHERE id = ? AND NOT disabled RETURNING credentials_version""")
                .params(passwordEncoder.encode(newPassword), userId.value())
                .query(Long.class).optional()
                .orElseThrow(() -> new DomainException(ErrorCode.USER_NOT_FOUND, "no such user"));
    }

    /**
     * Disables an account (and moves its credentials version on, so no browser session of it ever comes back, even
     * after it is enabled again). Answers false when it was disabled already. The last enabled system administrator
     * cannot be disabled: the enabled administrators' rows are locked first, so two administrators disabling each
     * other at once cannot both succeed.
     */
    boolean disable(UserId userId) {
        List<UUID> admins = jdbc.sql("SELECT id FROM app_user WHERE system_admin AND NOT disabled ORDER BY id FOR UPDATE")
                .query(UUID.class).list();
        record Target(boolean systemAdmin, boolean disabled) {
        }
        Target target = jdbc.sql("SELECT system_admin, disabled FROM app_user WHERE id = ? FOR UPDATE")
                .param(userId.value())
                .query((rs, n) -> new Target(rs.getBoolean("system_admin"), rs.getBoolean("disabled")))
                .optional()
                .orElseThrow(() -> new DomainException(ErrorCode.USER_NOT_FOUND, "no such user"));
        if (target.disabled()) {
            return false;
        }
        if (target.systemAdmin() && admins.size() <= 1) {
            throw new DomainException(ErrorCode.LAST_ADMIN, "the last system administrator cannot be disabled");
        }
        jdbc.sql("UPDATE app_user SET disabled = TRUE, credentials_version = credentials_version + 1 WHERE id = ?")
                .param(userId.value()).update();
        return true;
    }

    /** Enables an account again; answers false when it was enabled already. */
    boolean enable(UserId userId) {
        Boolean disabled = jdbc.sql("SELECT disabled FROM app_user WHERE id = ? FOR UPDATE")
                .param(userId.value()).query(Boolean.class).optional()
                .orElseThrow(() -> new DomainException(ErrorCode.USER_NOT_FOUND, "no such user"));
        if (!disabled) {
            return false;
        }
        jdbc.sql("UPDATE app_user SET disabled = FALSE WHERE id = ?").param(userId.value()).update();
        return true;
    }

    /** The credentials version of an enabled account; empty when it is disabled or gone. */
    public Optional<Long> credentialsVersion(UserId userId) {
        return jdbc.sql("SELECT credentials_version FROM app_user WHERE id = ? AND NOT disabled")
                .param(userId.value()).query(Long.class).optional();
    }

    /**
     * The account of an OIDC identity (issuer + subject), created on first sight with no password. The username is
     * the wanted one made valid, with {@code -2}, {@code -3}, ... appended while it is taken (usernames are shown
     * to other people and referred to by scripts, so it is chosen once and never changed afterwards by claims).
     * Answers empty for a disabled account.
     * <p>
     * Not one transaction on purpose: each insert commits on its own, so a unique-key conflict (a taken username,
     * or the same person's concurrent first request provisioning them first) can be resolved by trying again.
     */
    public Optional<AppUser> findOrProvisionOidc(String issuer, String subject, String wantedUsername, String displayName) {
        Optional<OidcRow> existing = findOidc(issuer, subject);
        if (existing.isPresent()) {
            return existing.get().disabled() ? Optional.empty() : Optional.of(existing.get().user());
        }
        String base = usernameFrom(wantedUsername);
        String name = displayName == null || displayName.isBlank() ? null
                : displayName.strip().substring(0, Math.min(200, displayName.strip().length()));
        for (int attempt = 1; attempt <= 100; attempt++) {
            String username = attempt == 1 ? base : withSuffix(base, attempt <= 20
                    ? "-" + attempt : "-" + UUID.randomUUID().toString().substring(0, 8));
            UUID id = UUID.randomUUID();
            try {
                jdbc.sql("""
                        INSERT INTO app_user (id, username, password_hash, display_name, system_admin, oidc_issuer,
                                              oidc_subject, created_at)
                        VALUES (?, ?, NULL, ?, FALSE, ?, ?, ?)""")
                        .params(id, username, name, issuer, subject, OffsetDateTime.now(clock))
                        .update();
                return Optional.of(new AppUser(new UserId(id), username, name, false, 0));
            } catch (DuplicateKeyException e) {
                // Either the username is taken or a concurrent request provisioned this identity first.
                existing = findOidc(issuer, subject);
                if (existing.isPresent()) {
                    return existing.get().disabled() ? Optional.empty() : Optional.of(existing.get().user());
                }
            }
        }
        throw new IllegalStateException("could not find a free username for OIDC subject " + subject);
    }

    private record OidcRow(AppUser user, boolean disabled) {
    }

    private Optional<OidcRow> findOidc(String issuer, String subject) {
        return jdbc.sql("""
                        SELECT id, username, display_name, system_admin, credentials_version, disabled FROM app_user
                        WHERE oidc_issuer = ? AND oidc_subject = ?""")
                .params(issuer, subject)
                .query((rs, n) -> new OidcRow(map(rs), rs.getBoolean("disabled")))
                .optional();
    }

    /** A valid username (see {@link #USERNAME}) as close to the wanted one as possible. */
    static String usernameFrom(String wanted) {
        String cleaned = wanted == null ? "" : wanted.strip().replaceAll("[^A-Za-z0-9._@-]", "-")
                .replaceFirst("^[^A-Za-z0-9]+", "");
        if (cleaned.length() > 64) {
            cleaned = cleaned.substring(0, 64);
        }
        if (cleaned.length() < 3) {
            cleaned = "user-" + cleaned;
            cleaned = cleaned.endsWith("-") ? cleaned + "oidc" : cleaned;
        }
        return cleaned;
    }

    private static String withSuffix(String base, String suffix) {
        return base.substring(0, Math.min(base.length(), 64 - suffix.length())) + suffix;
    }

    public Optional<AppUser> find(UserId id) {
        return jdbc.sql("SELECT id, username, display_name, system_admin, credentials_version FROM app_user WHERE id = ? AND NOT disabled")
                .param(id.value()).query((rs, n) -> map(rs)).optional();
    }

    public Optional<AppUser> findByUsername(String username) {
        return jdbc.sql("SELECT id, username, display_name, system_admin, credentials_version FROM app_user WHERE lower(username) = lower(?)")
                .param(username).query((rs, n) -> map(rs)).optional();
    }

    /** An account as the administrators' list shows it: disabled ones too. */
    public record Listed(AppUser user, boolean disabled) {
    }

    public List<Listed> listAll() {
        return jdbc.sql("""
                        SELECT id, username, display_name, system_admin, credentials_version, disabled FROM app_user
                        ORDER BY username""")
                .query((rs, n) -> new Listed(map(rs), rs.getBoolean("disabled"))).list();
    }

    /** Any account, disabled ones included: the log names people by id forever, so their names must stay readable. */
    public Optional<AppUser> findAny(UserId id) {
        return jdbc.sql("SELECT id, username, display_name, system_admin, credentials_version FROM app_user WHERE id = ?")
                .param(id.value()).query((rs, n) -> map(rs)).optional();
    }

    public boolean exists(UserId id) {
        return find(id).isPresent();
    }

    static AppUser map(ResultSet rs) throws SQLException {
        return new AppUser(new UserId(rs.getObject("id", UUID.class)), rs.getString("username"),
                rs.getString("display_name"), rs.getBoolean("system_admin"), rs.getLong("credentials_version"));
    }

}
