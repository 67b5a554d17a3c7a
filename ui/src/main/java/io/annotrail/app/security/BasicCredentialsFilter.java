package io.annotrail.app.security;

import io.annotrail.app.identity.AppUser;
import io.annotrail.app.identity.Credentials;
import io.annotrail.app.identity.SignInEvent;
import io.annotrail.app.identity.SignInThrottledException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** HTTP Basic for the one endpoint that takes it: minting a personal access token. Throttled like every password check. */
class BasicCredentialsFilter extends AuthorizationHeaderFilter {

    private final Credentials credentials;

    BasicCredentialsFilter(Credentials credentials, AuthenticationEntryPoint entryPoint) {
        super("Basic", entryPoint);
        this.credentials = credentials;
    }

    @Override
    Optional<AppUser> authenticate(String encoded, HttpServletRequest request) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            return credentials.signIn(decoded.substring(0, colon), decoded.substring(colon + 1),
                    ClientAddress.of(request), SignInEvent.Channel.API_TOKEN);
        } catch (SignInThrottledException e) {
            throw new SignInThrottledAuthenticationException(e);
        }
    }
}
