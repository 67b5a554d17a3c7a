package io.annotrail.app.identity;

import com.vaadin.hilla.BrowserCallable;
import io.annotrail.app.security.BrowserSessions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.NonNull;
import org.jspecify.annotations.Nullable;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The signed-in user's own account (password, personal access tokens) and, for system administrators, the local accounts (there is no open
 * sign-up). The REST controller's code paths, with their {@code @PreAuthorize} checks.
 */
@BrowserCallable
@RolesAllowed("USER")
public class AccountService {

    public record Account(@NonNull String id, @NonNull String username, @NonNull String displayName, boolean systemAdmin,
                          boolean disabled) {
    }

    /** A personal access token as listed: never its secret. */
    public record TokenItem(@NonNull String id, @Nullable String name, @NonNull String createdAt,
                            @NonNull String expiresAt, @Nullable String lastUsedAt) {
    }

    /** A new token: {@code token} is the secret, shown this once and stored only as a hash. */
    public record NewToken(@NonNull String id, @NonNull String token, @NonNull String expiresAt) {
    }

    private final IdentityController rest;

    AccountService(IdentityController rest) {
        this.rest = rest;
    }

    /**
     * A wrong current password or a new one outside the length rules is refused with a field error. The user's other
     * browser sessions end; this one goes on. With {@code revokeTokens} their personal access tokens are revoked.
     */
    public void changePassword(@NotBlank String currentPassword, @NotBlank @Size(max = 128) String newPassword,
                               boolean revokeTokens) {
        AppUser now = rest.changePasswordAs(
                new IdentityController.ChangePasswordRequest(currentPassword, newPassword, revokeTokens));
        BrowserSessions.keepCurrent(now);
    }

    /** The caller's live personal access tokens, for scripts and the REST API. */
    public @NonNull List<@NonNull TokenItem> tokens() {
        return rest.listTokens().stream()
                .map(t -> new TokenItem(t.id().toString(), t.name(), t.createdAt().toString(), t.expiresAt().toString(),
                        t.lastUsedAt() == null ? null : t.lastUsedAt().toString()))
                .toList();
    }

    /**
     * Mints a personal access token from the signed-in session (so people who sign in with OIDC, and have no
     * password for HTTP Basic, get tokens too); the lifetime is capped like the REST API's.
     */
    public @NonNull NewToken createToken(@Nullable @Size(max = 100) String name, @Min(1) @Max(3650) int days) {
        var issued = rest.createToken(new IdentityController.TokenRequest(name, days * 86_400L));
        return new NewToken(issued.id().toString(), issued.token(), issued.expiresAt().toString());
    }

    public void revokeToken(UUID tokenId) {
        rest.revoke(tokenId);
    }

    /** Every account, disabled ones included. */
    @RolesAllowed("SYSTEM_ADMIN")
    public @NonNull List<@NonNull Account> users() {
        return rest.users(true).stream()
                .map(u -> new Account(u.id().toString(), u.username(),
                        u.displayName() == null ? u.username() : u.displayName(), u.systemAdmin(), u.disabled()))
                .sorted(Comparator.comparing(Account::username))
                .toList();
    }

    /** Its tokens and sessions stop working at once; the last system administrator cannot be disabled. */
    @RolesAllowed("SYSTEM_ADMIN")
    public void disableUser(UUID userId) {
        rest.disable(userId);
    }

    @RolesAllowed("SYSTEM_ADMIN")
    public void enableUser(UUID userId) {
        rest.enable(userId);
    }

    @RolesAllowed("SYSTEM_ADMIN")
    public @NonNull String createUser(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 128) String password,
                             @Nullable @Size(max = 200) String displayName) {
        return rest.createUser(new IdentityController.CreateUserRequest(username, password, displayName)).id()
                .toString();
    }
}
