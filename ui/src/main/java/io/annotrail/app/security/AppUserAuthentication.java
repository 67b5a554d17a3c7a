package io.annotrail.app.security;

import io.annotrail.app.identity.AppUser;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;

import java.util.List;
import java.util.Optional;

/**
 * An authenticated {@link AppUser}; system administrators carry ROLE_SYSTEM_ADMIN. The same kind of authentication
 * behind every door (form login, OIDC browser login, API tokens), so {@link CurrentUser} works the same everywhere.
 * A browser session signed in with OIDC also keeps the provider's ID token: logout sends it back to the provider as
 * {@code id_token_hint} to end the session there too.
 */
public final class AppUserAuthentication extends AbstractAuthenticationToken {

    private final AppUser user;
    private final @Nullable OidcIdToken oidcIdToken;

    public AppUserAuthentication(AppUser user) {
        this(user, null);
    }

    public AppUserAuthentication(AppUser user, @Nullable OidcIdToken oidcIdToken) {
        super(user.systemAdmin()
                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_SYSTEM_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER")));
        this.user = user;
        this.oidcIdToken = oidcIdToken;
        setAuthenticated(true);
    }

    public AppUser user() {
        return user;
    }

    /** The ID token of an OIDC browser sign-in; empty for the other ways in. */
    public Optional<OidcIdToken> oidcIdToken() {
        return Optional.ofNullable(oidcIdToken);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user.id().toString();
    }
}
