package io.annotrail.app.security;

import io.annotrail.app.identity.Credentials;
import io.annotrail.app.identity.SignInEvent;
import io.annotrail.app.identity.SignInThrottledException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The browser's form login against the local accounts. It answers an {@link AppUserAuthentication}, the same
 * principal the REST API's token filters produce, so {@link CurrentUser} and the gateways work the same behind
 * either door. Being a bean, it also replaces Spring Boot's generated in-memory user.
 */
@Component
class LocalAccountAuthenticationProvider implements AuthenticationProvider {

    private final Credentials credentials;

    LocalAccountAuthenticationProvider(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        Object password = authentication.getCredentials();
        // The form login's details carry the request's remote address (see ClientAddress).
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : ClientAddress.current();
        try {
            // One message for unknown users, wrong passwords and disabled accounts: the form must not reveal which.
            return credentials.signIn(username, password == null ? null : password.toString(), address,
                            SignInEvent.Channel.FORM_LOGIN)
                    .map(AppUserAuthentication::new)
                    .orElseThrow(() -> new BadCredentialsException("bad credentials"));
        } catch (SignInThrottledException e) {
            throw new SignInThrottledAuthenticationException(e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
