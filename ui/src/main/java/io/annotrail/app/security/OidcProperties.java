package io.annotrail.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * An OpenID Connect provider whose access tokens (JWTs) the REST API accepts beside personal access tokens, and
 * that the browser may sign in with (authorization code + PKCE) when a client id is set too. All optional: without
 * an issuer OIDC is off and nothing else changes.
 *
 * @param issuer        the provider's issuer URL; its {@code /.well-known/openid-configuration} is read for the JWKS
 * @param clientId      this application's client id at the provider (the default audience)
 * @param clientSecret  the browser login's client secret (sent with HTTP Basic to the token endpoint); blank = a
 *                      public client, which PKCE alone protects; not used to check access tokens
 * @param audience      the {@code aud} an access token must carry; blank = the client id
 * @param usernameClaim claim a new user's username is taken from (then {@code email}, then {@code sub})
 * @param groupsClaim   claim holding the user's groups (a list of strings, or one string)
 * @param roleMapping   {@code group=<workspaceId>:<ROLE>;...}: which groups make a user a member of which workspace
 * @param clockSkew     leeway for {@code exp} and {@code nbf} between the provider's clock and ours
 * @param displayName   the provider's name on the login page ("Sign in with ...")
 */
@ConfigurationProperties("annotrail.oidc")
public record OidcProperties(String issuer, String clientId, String clientSecret, String audience,
                             String usernameClaim, String groupsClaim, String roleMapping, Duration clockSkew,
                             String displayName) {

    public OidcProperties {
        usernameClaim = blank(usernameClaim) ? "preferred_username" : usernameClaim.strip();
        groupsClaim = blank(groupsClaim) ? "groups" : groupsClaim.strip();
        clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
        displayName = blank(displayName) ? "single sign-on" : displayName.strip();
    }

    public boolean enabled() {
        return !blank(issuer);
    }

    /** The browser may sign in with the provider: that takes a client id at it, beside the issuer. */
    public boolean browserLoginEnabled() {
        return enabled() && !blank(clientId);
    }

    /** The audience tokens must be issued for: the configured one, else the client id. */
    public String requiredAudience() {
        return blank(audience) ? (blank(clientId) ? null : clientId.strip()) : audience.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
