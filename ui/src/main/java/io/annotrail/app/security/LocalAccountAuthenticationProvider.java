package io.annotrail.app.security;

import io.annotrail.app.identity.UserAccounts;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The browser's form login against the local accounts. It answers an {@link AppUserAuthentication}, the same
 * principal the REST API's token filters produce, so {@link CurrentUser} and the gateways work the same behind
 * either door. Being a bean, it also replaces Spring Boot's generated in-memory user.
 */
@Component
class LocalAccountAuthenticationProvider implements AuthenticationProvider {

    private final UserAccounts accounts;

    LocalAccountAuthenticationProvider(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? null : credentials.toString();
        // One message for unknown users, wrong passwords and disabled accounts: the form must not reveal which.
        return accounts.authenticate(username, password)
                .map(AppUserAuthentication::new)
                .orElseThrow(() -> new BadCredentialsException("bad credentials"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
