package io.annotrail.app.security;

import io.annotrail.app.identity.AccessTokens;
import io.annotrail.app.identity.AppUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.util.Optional;

/**
 * {@code Authorization: Bearer <token>}: a personal access token ({@code atr_...}) or, when OIDC is configured,
 * the provider's access token (a JWT). The prefix decides which: a personal access token is never tried as a JWT
 * and a JWT never costs a token-table lookup. Unknown, expired or revoked tokens of either kind get 401.
 */
class BearerTokenFilter extends AuthorizationHeaderFilter {

    private final AccessTokens tokens;
    private final OidcAuthenticator oidc;

    BearerTokenFilter(AccessTokens tokens, OidcAuthenticator oidc, AuthenticationEntryPoint entryPoint) {
        super("Bearer", entryPoint);
        this.tokens = tokens;
        this.oidc = oidc;
    }

    @Override
    Optional<AppUser> authenticate(String token, HttpServletRequest request) {
        if (AccessTokens.isPersonalAccessToken(token) || !oidc.enabled()) {
            return tokens.resolve(token);
        }
        return Optional.of(oidc.authenticate(token));
    }
}
