package io.annotrail.app.identity;

import com.vaadin.hilla.BrowserCallable;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.NonNull;
import org.jspecify.annotations.Nullable;

import java.util.Comparator;
import java.util.List;

/**
 * The signed-in user's own account (password) and, for system administrators, the local accounts (there is no open
 * sign-up). The REST controller's code paths, with their {@code @PreAuthorize} checks.
 */
@BrowserCallable
@RolesAllowed("USER")
public class AccountService {

    public record Account(@NonNull String id, @NonNull String username, @NonNull String displayName, boolean systemAdmin) {
    }

    private final IdentityController rest;

    AccountService(IdentityController rest) {
        this.rest = rest;
    }

    /** A wrong current password or a new one outside the length rules is refused with a field error. */
    public void changePassword(@NotBlank String currentPassword, @NotBlank @Size(max = 128) String newPassword) {
        rest.changePassword(new IdentityController.ChangePasswordRequest(currentPassword, newPassword));
    }

    @RolesAllowed("SYSTEM_ADMIN")
    public @NonNull List<@NonNull Account> users() {
        return rest.users().stream()
                .map(u -> new Account(u.id().toString(), u.username(),
                        u.displayName() == null ? u.username() : u.displayName(), u.systemAdmin()))
                .sorted(Comparator.comparing(Account::username))
                .toList();
    }

    @RolesAllowed("SYSTEM_ADMIN")
    public @NonNull String createUser(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 128) String password,
                             @Nullable @Size(max = 200) String displayName) {
        return rest.createUser(new IdentityController.CreateUserRequest(username, password, displayName)).id()
                .toString();
    }
}
