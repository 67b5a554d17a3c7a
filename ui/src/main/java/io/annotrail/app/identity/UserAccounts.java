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
        return new AppUser(new UserId(id), username, displayName, systemAdmin);
    }

    /** Checks a username and password; answers empty for unknown users, wrong passwords and disabled accounts alike. */
    public Optional<AppUser> authenticate(String username, String password) {
        if (username == null || password == null || password.length() > MAX_PASSWORD_LENGTH) {
            return Optional.empty();
        }
        record Row(AppUser user, String hash) {
        }
        Optional<Row> row = jdbc.sql("""
                        SELECT id, username, display_name, system_admin, password_hash FROM app_user
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

    @Transactional
    public void changePassword(UserId userId, String currentPassword, String newPassword) {
        AppUser user = find(userId).orElseThrow(() -> new DomainException(ErrorCode.USER_NOT_FOUND, "no such user"));
        if (authenticate(user.username(), currentPassword).isEmpty()) {
            throw new DomainException(ErrorCode.FORBIDDEN, "current password is wrong");
        }
        if (newPassword == null || newPassword.length() < MIN_PASSWORD_LENGTH || newPassword.length() > MAX_PASSWORD_LENGTH) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "invalid password",
                    List.of(new Violation("newPassword", "must be " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters")));
        }
        jdbc.sql("UPDATE app_user SET password_hash = ? WHERE id = ?")
                .params(passwordEncoder.encode(newPassword), userId.value()).update();
    }

    public Optional<AppUser> find(UserId id) {
        return jdbc.sql("SELECT id, username, display_name, system_admin FROM app_user WHERE id = ? AND NOT disabled")
                .param(id.value()).query((rs, n) -> map(rs)).optional();
    }

    public Optional<AppUser> findByUsername(String username) {
        return jdbc.sql("SELECT id, username, display_name, system_admin FROM app_user WHERE lower(username) = lower(?)")
                .param(username).query((rs, n) -> map(rs)).optional();
    }

    public List<AppUser> list() {
        return jdbc.sql("SELECT id, username, display_name, system_admin FROM app_user WHERE NOT disabled ORDER BY username")
                .query((rs, n) -> map(rs)).list();
    }

    public boolean exists(UserId id) {
        return find(id).isPresent();
    }

    static AppUser map(ResultSet rs) throws SQLException {
        return new AppUser(new UserId(rs.getObject("id", UUID.class)), rs.getString("username"),
                rs.getString("display_name"), rs.getBoolean("system_admin"));
    }

}
