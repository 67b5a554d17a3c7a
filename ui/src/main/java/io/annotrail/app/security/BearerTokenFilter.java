package io.annotrail.app.security;

import io.annotrail.app.identity.AccessTokens;
import io.annotrail.app.identity.AppUser;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.util.Optional;

/** {@code Authorization: Bearer <personal access token>}: unknown, expired or revoked tokens get 401. */
class BearerTokenFilter extends AuthorizationHeaderFilter {

    private final AccessTokens tokens;

    BearerTokenFilter(AccessTokens tokens, AuthenticationEntryPoint entryPoint) {
        super("Bearer", entryPoint);
        this.tokens = tokens;
    }

    @Override
    Optional<AppUser> authenticate(String token) {
        return tokens.resolve(token);
    }
}
