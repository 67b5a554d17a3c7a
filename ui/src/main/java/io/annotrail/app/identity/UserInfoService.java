package io.annotrail.app.identity;

import com.vaadin.hilla.BrowserCallable;
import io.annotrail.app.security.CurrentUser;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.NonNull;

import java.util.List;

/**
 * Who is signed in: feeds the client's auth context (Hilla's {@code configureAuth}), which the file router's
 * {@code loginRequired} / {@code rolesAllowed} view configs and the app shell read.
 */
@BrowserCallable
@RolesAllowed("USER")
public class UserInfoService {

    /** {@code roles} are the Spring roles without their {@code ROLE_} prefix: USER, SYSTEM_ADMIN. */
    public record UserInfo(@NonNull String id, @NonNull String username, @NonNull String displayName,
                           boolean systemAdmin, @NonNull List<@NonNull String> roles) {
    }

    public @NonNull UserInfo me() {
        AppUser user = CurrentUser.get();
        String displayName = user.displayName() == null || user.displayName().isBlank()
                ? user.username() : user.displayName();
        List<String> roles = user.systemAdmin() ? List.of("USER", "SYSTEM_ADMIN") : List.of("USER");
        return new UserInfo(user.id().toString(), user.username(), displayName, user.systemAdmin(), roles);
    }
}
