package io.annotrail.app.security;

import io.annotrail.app.ApiClient;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser's OIDC sign-in (authorization code + PKCE) against a real provider in the test JVM
 * (mock-oauth2-server in its non-interactive mode: its authorize endpoint answers at once with a redirect carrying
 * a code; the claims of the tokens it then issues are queued per sign-in). Every hop is asserted: the HTTP client
 * keeps cookies, like a browser, but never follows a redirect by itself. Its own Spring context.
 */
class OidcBrowserLoginIT extends OidcIntegrationTest {

    static final MockOAuth2Server OIDC = provider(Instant::now);
    static final String ISSUER_ID = "annotrail-web";
    static final String CLIENT_ID = "annotrail-browser";
    static final WorkspaceId MAPPED = new WorkspaceId(UUID.randomUUID());
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    static {
        OIDC.start();
    }

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        registry.add("annotrail.oidc.issuer", () -> OIDC.issuerUrl(ISSUER_ID).toString());
        registry.add("annotrail.oidc.client-id", () -> CLIENT_ID);
        registry.add("annotrail.oidc.client-secret", () -> "browser-client-secret");
        registry.add("annotrail.oidc.display-name", () -> "Test IdP");
        registry.add("annotrail.oidc.role-mapping", () -> "web-labellers=" + MAPPED.value() + ":ANNOTATOR");
    }

    @AfterAll
    static void stopOidc() {
        OIDC.shutdown();
    }

    @Autowired
    JdbcClient jdbc;

    /** The mapped workspace, owned by the bootstrap admin (the system actor group roles are granted with). */
    @BeforeEach
    void mappedWorkspace() {
        adminOwnedWorkspace(MAPPED, "Mapped for browser sign-in");
    }

    @Test
    void signingInUsesPkceStateAndNonceAndGivesASessionTheHillaEndpointsKnow() throws Exception {
        Browser browser = new Browser();
        String subject = unique("sub");
        String username = unique("grace");

        HttpResponse<String> start = browser.get(app(OidcBrowserLogin.START_URL));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        String authorizeUrl = location(start);
        assertThat(authorizeUrl).startsWith(OIDC.authorizationEndpointUrl(ISSUER_ID).toString() + "?");
        Map<String, String> authorize = query(authorizeUrl);
        assertThat(authorize).containsEntry("response_type", "code")
                .containsEntry("client_id", CLIENT_ID)
                .containsEntry("redirect_uri", app("/login/oauth2/code/oidc"))
                .containsEntry("code_challenge_method", "S256");
        assertThat(authorize.get("scope").split(" ")).containsExactlyInAnyOrder("openid", "profile", "email");
        assertThat(authorize.get("code_challenge")).matches("[A-Za-z0-9_-]{43}"); // base64url SHA-256
        assertThat(authorize.get("state")).isNotBlank();
        assertThat(authorize.get("nonce")).isNotBlank();
        String sessionBefore = browser.cookie("JSESSIONID");

        HttpResponse<String> code = browser.get(authorizeUrl);
        assertThat(code.statusCode()).as(code.body()).isEqualTo(302);
        String callbackUrl = location(code);
        assertThat(callbackUrl).startsWith(app("/login/oauth2/code/oidc?"));
        assertThat(query(callbackUrl)).containsEntry("state", authorize.get("state")).containsKey("code");

        OIDC.enqueueCallback(tokens(subject, claims(username, List.of())));
        HttpResponse<String> callback = browser.get(callbackUrl);
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
        assertThat(location(callback)).isEqualTo(app("/"));
        // Session fixation: the signed-in session has a new id.
        assertThat(browser.cookie("JSESSIONID")).isNotEqualTo(sessionBefore);

        JsonNode me = browser.me();
        assertThat(me.get("username").asString()).isEqualTo(username);
        assertThat(me.get("displayName").asString()).isEqualTo("Name of " + username);
        assertThat(me.get("systemAdmin").asBoolean()).isFalse();
        // One identity model: the REST API lists the account beside the local ones...
        assertThat(admin.get("/api/v1/users").body()).contains(me.get("id").asString());
        // ...but the API itself never accepts the browser's session: bearer tokens only, 401 and no redirect.
        HttpResponse<String> api = browser.get(app("/api/v1/me"));
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void aSecondSignInIsTheSameAccountAndAMappedGroupGrantsItsRole() throws Exception {
        String subject = unique("sub");
        String username = unique("ada");

        JsonNode first = signIn(subject, claims(username, List.of("web-labellers"))).me();
        UserId id = new UserId(UUID.fromString(first.get("id").asString()));
        assertThat(directory.roleOf(MAPPED, id)).hasValue(Role.ANNOTATOR);

        // Another sign-in of the same subject, even with another username claim, is the same account.
        JsonNode second = signIn(subject, claims(unique("renamed"), List.of("web-labellers"))).me();
        assertThat(second.get("id").asString()).isEqualTo(id.toString());
        assertThat(second.get("username").asString()).isEqualTo(username);
        int listed = 0;
        for (JsonNode user : admin.get("/api/v1/users").json()) {
            listed += user.get("id").asString().equals(id.toString()) ? 1 : 0;
        }
        assertThat(listed).isEqualTo(1);
    }

    @Test
    void aCallbackWithAnotherStateIsRefusedAndSignsNobodyIn() throws Exception {
        Browser browser = new Browser();
        String callbackUrl = location(browser.get(location(browser.get(app(OidcBrowserLogin.START_URL)))));
        Map<String, String> params = query(callbackUrl);
        String tampered = app("/login/oauth2/code/oidc") + "?code=" + URLEncoder.encode(params.get("code"),
                StandardCharsets.UTF_8) + "&state=forged-" + UUID.randomUUID();

        HttpResponse<String> refused = browser.get(tampered);
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(location(refused)).isEqualTo(app(OidcBrowserLogin.FAILURE_URL));
        assertThat(browser.meStatus()).isEqualTo(401);
    }

    @Test
    void aReplayedCallbackIsRefusedAndSignsNobodyIn() throws Exception {
        Browser victim = new Browser();
        String callbackUrl = location(victim.get(location(victim.get(app(OidcBrowserLogin.START_URL)))));
        OIDC.enqueueCallback(tokens(unique("sub"), claims(unique("vic"), List.of())));
        assertThat(location(victim.get(callbackUrl))).isEqualTo(app("/"));

        // Another browser that did not start this sign-in (no state of its own) cannot use the code.
        Browser attacker = new Browser();
        HttpResponse<String> replayed = attacker.get(callbackUrl);
        assertThat(replayed.statusCode()).isEqualTo(302);
        assertThat(location(replayed)).isEqualTo(app(OidcBrowserLogin.FAILURE_URL));
        assertThat(attacker.meStatus()).isEqualTo(401);
        // Nor can the same browser use it twice: its sign-in request was used up.
        assertThat(location(victim.get(callbackUrl))).isEqualTo(app(OidcBrowserLogin.FAILURE_URL));
    }

    @Test
    void aDisabledAccountIsRefused() throws Exception {
        String subject = unique("sub");
        String id = signIn(subject, claims(unique("mallory"), List.of())).me().get("id").asString();
        jdbc.sql("UPDATE app_user SET disabled = TRUE WHERE id = ?").param(UUID.fromString(id)).update();

        Browser browser = new Browser();
        String callbackUrl = location(browser.get(location(browser.get(app(OidcBrowserLogin.START_URL)))));
        OIDC.enqueueCallback(tokens(subject, claims(unique("mallory"), List.of())));
        HttpResponse<String> callback = browser.get(callbackUrl);
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(location(callback)).isEqualTo(app(OidcBrowserLogin.FAILURE_URL));
        assertThat(browser.meStatus()).isEqualTo(401);
    }

    @Test
    void signingOutEndsTheSessionHereAndAtTheProvider() throws Exception {
        Browser browser = signIn(unique("sub"), claims(unique("lin"), List.of()));
        String csrf = browser.csrf("/");

        HttpResponse<String> logout = browser.post(app("/logout"), "application/x-www-form-urlencoded",
                "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8), Map.of());
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(302);
        String endSession = location(logout);
        assertThat(endSession).startsWith(OIDC.endSessionEndpointUrl(ISSUER_ID).toString() + "?");
        assertThat(query(endSession)).containsKey("id_token_hint")
                .containsEntry("post_logout_redirect_uri", app(OidcBrowserLogin.LOGOUT_URL));
        assertThat(browser.meStatus()).isEqualTo(401);

        HttpResponse<String> back = browser.get(endSession);
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(location(back)).isEqualTo(app(OidcBrowserLogin.LOGOUT_URL));
    }

    @Test
    void localAccountsStillSignInWithTheForm() throws Exception {
        Browser browser = new Browser();
        String csrf = browser.csrf("/login");
        HttpResponse<String> post = browser.post(app("/login"), "application/x-www-form-urlencoded",
                "username=admin&password=" + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8)
                        + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8), Map.of());
        assertThat(post.statusCode()).isEqualTo(302);
        assertThat(location(post)).doesNotContain("error");
        assertThat(browser.me().get("username").asString()).isEqualTo("admin");

        // A local session's logout does not involve the provider.
        HttpResponse<String> logout = browser.post(app("/logout"), "application/x-www-form-urlencoded",
                "_csrf=" + URLEncoder.encode(browser.csrf("/"), StandardCharsets.UTF_8), Map.of());
        assertThat(location(logout)).isEqualTo(app(OidcBrowserLogin.LOGOUT_URL));
        assertThat(browser.meStatus()).isEqualTo(401);
    }

    @Test
    void anUnauthenticatedViewStillGoesToTheLoginPageNotStraightToTheProvider() throws Exception {
        HttpResponse<String> start = new Browser().get(app("/"));
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(location(start)).endsWith("/login");
    }

    @Test
    void theLoginPageIsToldThatOidcSignInIsOn() throws Exception {
        Browser browser = new Browser();
        String csrf = browser.csrf("/login");
        HttpResponse<String> r = browser.post(app("/connect/SignInOptionsService/options"), "application/json", "{}",
                Map.of("X-CSRF-Token", csrf));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode options = ApiClient.JSON.readTree(r.body());
        assertThat(options.get("oidcEnabled").asBoolean()).isTrue();
        assertThat(options.get("oidcLabel").asString()).isEqualTo("Test IdP");
        assertThat(options.get("oidcStartUrl").asString()).isEqualTo("/oauth2/authorization/oidc");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** A whole sign-in in a new browser; answers the browser, signed in. */
    private Browser signIn(String subject, Map<String, Object> claims) throws Exception {
        Browser browser = new Browser();
        String callbackUrl = location(browser.get(location(browser.get(app(OidcBrowserLogin.START_URL)))));
        OIDC.enqueueCallback(tokens(subject, claims));
        HttpResponse<String> callback = browser.get(callbackUrl);
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(location(callback)).isEqualTo(app("/"));
        return browser;
    }

    /**
     * The claims of the tokens the provider issues for the next code redeemed. Queued only right before a callback
     * that redeems a code: a callback left in the queue would be used by the next sign-in.
     */
    private static DefaultOAuth2TokenCallback tokens(String subject, Map<String, Object> claims) {
        return new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims, 3600);
    }

    private String app(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in " + response.headers().map()));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** Keeps cookies per host, as a browser does (the app and the provider are on different hosts). */
    private final class Browser {

        private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(cookies).build();

        HttpResponse<String> get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String url, String contentType, String body, Map<String, String> headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        String cookie(String name) {
            return cookies.getCookieStore().get(URI.create(app("/"))).stream()
                    .filter(c -> c.getName().equals(name)).map(c -> c.getValue()).findFirst().orElse(null);
        }

        /** The CSRF token of a page, as the Hilla client reads it from the page's meta tags. */
        String csrf(String path) throws Exception {
            HttpResponse<String> page = get(app(path));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            Matcher m = CSRF_META.matcher(page.body());
            assertThat(m.find()).as("a _csrf meta tag in %s", page.body()).isTrue();
            return m.group(1);
        }

        JsonNode me() throws Exception {
            HttpResponse<String> r = callMe("/");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return ApiClient.JSON.readTree(r.body());
        }

        /** The status of UserInfoService.me for a browser that may not be signed in (its CSRF from the login page). */
        int meStatus() throws Exception {
            return callMe("/login").statusCode();
        }

        private HttpResponse<String> callMe(String pageForCsrf) throws Exception {
            String csrf = csrf(pageForCsrf);
            return post(app("/connect/UserInfoService/me"), "application/json", "{}", Map.of("X-CSRF-Token", csrf));
        }
    }
}
