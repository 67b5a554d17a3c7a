package io.annotrail.app.security;

import io.annotrail.app.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC configured, but the provider is not there: the application starts anyway, local accounts work, and
 * "Sign in with ..." returns to the login page with an error instead of failing with a 500.
 */
class OidcProviderDownIT extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void unreachableProvider(DynamicPropertyRegistry registry) {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("annotrail.oidc.issuer", () -> "http://127.0.0.1:" + port + "/gone");
        registry.add("annotrail.oidc.client-id", () -> "annotrail-browser");
    }

    @Test
    void signInWithTheProviderReturnsToTheLoginPageAndLocalAccountsStillWork() throws Exception {
        HttpResponse<String> start = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + OidcBrowserLogin.START_URL)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        assertThat(start.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + OidcBrowserLogin.FAILURE_URL);

        assertThat(admin.get("/api/v1/me").status()).isEqualTo(200);
    }
}
