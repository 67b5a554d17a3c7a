package io.annotrail.app.security;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The browser login's one client registration, {@value #REGISTRATION_ID}, built from the issuer's discovery
 * document when first needed rather than at startup. Lazily, like {@link OidcAuthenticator}'s decoder, so the
 * application starts (and local accounts and personal access tokens work) while the provider is down; a failed
 * discovery is retried by a later sign-in, at most every {@link OidcAuthenticator#DISCOVERY_RETRY}. Until it
 * succeeds the registration is unknown (null), which the sign-in answers with a redirect to {@code /login?error}.
 * <p>
 * PKCE (S256) is required for every sign-in, confidential client or not: it binds the code to the browser that
 * asked for it. The client authenticates at the token endpoint with HTTP Basic when it has a secret, else it is a
 * public client ({@code none}).
 */
final class OidcClientRegistrations implements ClientRegistrationRepository {

    static final String REGISTRATION_ID = "oidc";
    /** Where the provider sends the browser back; the URL to register at the provider. */
    static final String REDIRECT_URI = "{baseUrl}/login/oauth2/code/{registrationId}";

    private static final Logger log = LoggerFactory.getLogger(OidcClientRegistrations.class);

    private final OidcProperties properties;
    private final Clock clock;
    private volatile @Nullable ClientRegistration registration;
    private volatile Instant lastDiscoveryFailure = Instant.EPOCH;

    OidcClientRegistrations(OidcProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        if (!REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration current = registration;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (registration != null) {
                return registration;
            }
            Duration sinceFailure = Duration.between(lastDiscoveryFailure, clock.instant());
            if (sinceFailure.compareTo(OidcAuthenticator.DISCOVERY_RETRY) < 0) {
                return null;
            }
            try {
                registration = discover();
                log.info("OIDC browser sign-in with {} ready (client '{}', {})", properties.issuer(),
                        properties.clientId(), registration.getClientAuthenticationMethod().getValue());
                return registration;
            } catch (RuntimeException e) {
                lastDiscoveryFailure = clock.instant();
                log.warn("OIDC discovery of {} failed; browser sign-in with it is refused until it succeeds: {}",
                        properties.issuer(), e.getMessage());
                return null;
            }
        }
    }

    private ClientRegistration discover() {
        boolean confidential = properties.clientSecret() != null && !properties.clientSecret().isBlank();
        ClientRegistration.Builder builder = ClientRegistrations.fromOidcIssuerLocation(properties.issuer())
                .registrationId(REGISTRATION_ID)
                .clientName(properties.displayName())
                .clientId(properties.clientId().strip())
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(REDIRECT_URI)
                .scope(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL)
                .userNameAttributeName("sub")
                // Spring's resolver adds code_challenge (S256) and sends the verifier with the code when this is set.
                .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build());
        if (confidential) {
            builder.clientSecret(properties.clientSecret().strip())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        } else {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        }
        return builder.build();
    }
}
