package io.annotrail.app.security;

import io.annotrail.app.identity.AppUser;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/** An authenticated {@link AppUser}; system administrators carry ROLE_SYSTEM_ADMIN. */
public final class AppUserAuthentication extends AbstractAuthenticationToken {

    private final AppUser user;

    public AppUserAuthentication(AppUser user) {
        super(user.systemAdmin()
                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_SYSTEM_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER")));
        this.user = user;
        setAuthenticated(true);
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
