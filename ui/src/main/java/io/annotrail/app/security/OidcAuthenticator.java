package io.annotrail.app.security;

import io.annotrail.app.identity.AppUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Authenticates an OIDC provider's access token (a JWT) and maps it onto the one identity model through
 * {@link OidcIdentities}: the {@link AppUser} with that issuer and subject, provisioned on first sight, with the group
 * → workspace role mapping applied.
 * <p>
 * The decoder is built lazily, on the first token, from the issuer's discovery document: the application starts
 * (and serves personal access tokens) while the provider is down, and a failed discovery is retried by the next
 * token, at most every {@link #DISCOVERY_RETRY}. Signature keys come from the provider's JWKS (Nimbus caches them
 * and refetches on an unknown key id, so key rotation needs no restart).
 */
@Component
public class OidcAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(OidcAuthenticator.class);
    static final Duration DISCOVERY_RETRY = Duration.ofSeconds(10);

    private final OidcProperties properties;
    private final OidcIdentities identities;
    private final Clock clock;

    private volatile JwtDecoder decoder;
    private volatile Instant lastDiscoveryFailure = Instant.EPOCH;

    OidcAuthenticator(OidcProperties properties, OidcIdentities identities, Clock clock) {
        this.properties = properties;
        this.identities = identities;
        this.clock = clock;
        if (properties.enabled()) {
            if (properties.requiredAudience() == null) {
                throw new IllegalStateException("ANNOTRAIL_OIDC_ISSUER is set but neither ANNOTRAIL_OIDC_AUDIENCE nor "
                        + "ANNOTRAIL_OIDC_CLIENT_ID is: access tokens could not be checked for their audience");
            }
            GroupRoleMapping mapping = identities.mapping();
            log.info("OIDC access tokens accepted from {} for audience '{}'{}", properties.issuer(),
                    properties.requiredAudience(), mapping.isEmpty() ? "" : "; group role mapping: " + mapping.grants().size() + " entries");
        }
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * The user the access token belongs to. Throws an {@code AuthenticationException} (answered 401) for a token
     * that does not check out; its message says why, as RFC 6750's {@code error_description} would.
     */
    AppUser authenticate(String token) {
        Jwt jwt;
        try {
            jwt = decoder().decode(token);
        } catch (JwtValidationException e) {
            String why = e.getErrors().stream().map(error -> error.getDescription() == null ? error.getErrorCode()
                    : error.getDescription()).collect(Collectors.joining("; "));
            throw new BadCredentialsException("invalid access token: " + why);
        } catch (JwtException e) {
            // A malformed token, a bad signature, an unknown key, or the JWKS could not be fetched.
            log.debug("access token rejected", e);
            throw new BadCredentialsException("invalid access token: " + e.getMessage());
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new BadCredentialsException("invalid access token: no subject");
        }
        return identities.userFor(jwt).orElseThrow(() -> new DisabledException("account disabled"));
    }

    private JwtDecoder decoder() {
        JwtDecoder current = decoder;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (decoder != null) {
                return decoder;
            }
            if (Duration.between(lastDiscoveryFailure, clock.instant()).compareTo(DISCOVERY_RETRY) < 0) {
                throw new AuthenticationServiceException("the identity provider is unreachable; try again shortly");
            }
            try {
                NimbusJwtDecoder nimbus = JwtDecoders.fromIssuerLocation(properties.issuer());
                JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
                timestamps.setAllowEmptyExpiryClaim(false); // a token that never expires is not accepted
                timestamps.setClock(clock);
                // Plain JWTs and RFC 9068 access tokens; providers differ in whether they set "typ" at all.
                JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
                type.setAllowEmpty(true);
                nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                        timestamps,
                        new JwtIssuerValidator(properties.issuer()),
                        new JwtAudienceValidator(properties.requiredAudience()),
                        type)));
                decoder = nimbus;
                log.info("OIDC discovery of {} done", properties.issuer());
                return nimbus;
            } catch (RuntimeException e) {
                lastDiscoveryFailure = clock.instant();
                log.warn("OIDC discovery of {} failed; access tokens are refused until it succeeds: {}",
                        properties.issuer(), e.getMessage());
                throw new AuthenticationServiceException("the identity provider is unreachable; try again shortly", e);
            }
        }
    }
}
