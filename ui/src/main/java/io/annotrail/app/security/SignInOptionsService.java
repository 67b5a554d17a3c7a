package io.annotrail.app.security;

import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.hilla.BrowserCallable;
import jakarta.servlet.ServletContext;
import org.jspecify.annotations.NonNull;
import org.jspecify.annotations.Nullable;

/**
 * The ways in the login page offers. Anonymous on purpose, the one exception to "@RolesAllowed everywhere": the
 * login page is shown to people who are not signed in, and what it says (whether single sign-on is configured, its
 * name and start URL) is what that page shows anyway, nothing about any account.
 */
@BrowserCallable
@AnonymousAllowed
public class SignInOptionsService {

    /** {@code oidcLabel} and {@code oidcStartUrl} are null when OIDC sign-in is off. */
    public record SignInOptions(boolean oidcEnabled, @Nullable String oidcLabel, @Nullable String oidcStartUrl) {
    }

    private final SignInOptions options;

    SignInOptionsService(OidcBrowserLogin oidc, ServletContext servletContext) {
        this.options = oidc.enabled()
                ? new SignInOptions(true, oidc.label(), servletContext.getContextPath() + OidcBrowserLogin.START_URL)
                : new SignInOptions(false, null, null);
    }

    public @NonNull SignInOptions options() {
        return options;
    }
}
