package io.annotrail.app.security;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser login's client registration: built from discovery when first asked for, retried after a failure. */
class OidcClientRegistrationsTest {

    private final MockOAuth2Server provider = OidcIntegrationTest.provider(Instant::now);
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    private static OidcProperties properties(String issuer, String secret) {
        return new OidcProperties(issuer, "web-client", secret, null, null, null, null, null, "Acme SSO");
    }

    @Test
    void aClientWithASecretAuthenticatesWithBasicAndStillUsesPkce() {
        provider.start();
        String issuer = provider.issuerUrl("acme").toString();
        ClientRegistration registration = new OidcClientRegistrations(properties(issuer, "s3cret"), clock)
                .findByRegistrationId("oidc");

        assertThat(registration).isNotNull();
        assertThat(registration.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        assertThat(registration.getClientSecret()).isEqualTo("s3cret");
        assertThat(registration.getClientSettings().isRequireProofKey()).isTrue();
        assertThat(registration.getScopes()).containsExactlyInAnyOrder("openid", "profile", "email");
        assertThat(registration.getRedirectUri()).isEqualTo("{baseUrl}/login/oauth2/code/{registrationId}");
        assertThat(registration.getClientName()).isEqualTo("Acme SSO");
        assertThat(registration.getProviderDetails().getIssuerUri()).isEqualTo(issuer);
        assertThat(registration.getProviderDetails().getConfigurationMetadata()).containsKey("end_session_endpoint");
    }

    @Test
    void aClientWithoutASecretIsAPublicClientWithPkce() {
        provider.start();
        ClientRegistration registration = new OidcClientRegistrations(
                properties(provider.issuerUrl("acme").toString(), " "), clock).findByRegistrationId("oidc");

        assertThat(registration).isNotNull();
        assertThat(registration.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.NONE);
        assertThat(registration.getClientSettings().isRequireProofKey()).isTrue();
    }

    @Test
    void onlyTheOidcRegistrationExists() {
        provider.start();
        var registrations = new OidcClientRegistrations(properties(provider.issuerUrl("acme").toString(), null), clock);
        assertThat(registrations.findByRegistrationId("github")).isNull();
    }

    @Test
    void aProviderThatIsDownIsRetriedAfterAPauseNotOnEveryRequest() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var registrations = new OidcClientRegistrations(properties("http://localhost:" + port + "/acme", null), clock);
        assertThat(registrations.findByRegistrationId("oidc")).isNull();

        provider.start(port);
        // Up now, but the last failure is too recent for another attempt.
        assertThat(registrations.findByRegistrationId("oidc")).isNull();
        clock.advance(Duration.ofSeconds(11));
        assertThat(registrations.findByRegistrationId("oidc")).isNotNull();
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-11-01T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
