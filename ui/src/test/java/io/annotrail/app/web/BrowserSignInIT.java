package io.annotrail.app.web;

import io.annotrail.app.ApiClient;
import io.annotrail.app.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser's door: form login with a session cookie and CSRF tokens, then Hilla endpoint calls on that session,
 * spoken as raw HTTP the way the React client does. The REST API beside it keeps answering 401 problems.
 */
class BrowserSignInIT extends IntegrationTest {

    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void anUnauthenticatedVisitToTheStartPageIsSentToTheLoginPage() throws Exception {
        HttpResponse<String> start = send(get("/"));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        assertThat(start.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        HttpResponse<String> login = send(get("/login"));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(csrf(login)).isNotBlank();

        // The bundle that renders the login form must load without a session.
        Matcher script = Pattern.compile("src=\"\\./(VAADIN/build/[^\"]+\\.js)\"").matcher(login.body());
        assertThat(script.find()).as(login.body()).isTrue();
        HttpResponse<String> bundle = send(get("/" + script.group(1)));
        assertThat(bundle.statusCode()).isEqualTo(200);
    }

    @Test
    void aSignedInUserListsTheirWorkspacesThroughTheHillaEndpoint() throws Exception {
        Account user = newUserWithPassword("web");
        var ws = user.api().post("/api/v1/workspaces", Map.of("name", "Browser workspace"));
        assertThat(ws.status()).as(ws.toString()).isEqualTo(201);
        String workspaceId = ws.json().get("id").asString();

        String session = signIn(user.username(), user.password());

        // The page served to the signed-in session carries the CSRF token the Hilla client sends back.
        HttpResponse<String> start = send(get("/").header("Cookie", session));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
        String token = csrf(start);

        HttpResponse<String> list = send(post("/connect/WorkspaceService/list", "application/json", "{}")
                .header("Cookie", session).header("X-CSRF-Token", token));
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode workspaces = ApiClient.JSON.readTree(list.body());
        assertThat(workspaces.isArray()).isTrue();
        assertThat(workspaces).hasSize(1);
        assertThat(workspaces.get(0).get("id").asString()).isEqualTo(workspaceId);
        assertThat(workspaces.get(0).get("name").asString()).isEqualTo("Browser workspace");
        assertThat(workspaces.get(0).get("role").asString()).isEqualTo("ADMIN");
    }

    @Test
    void aHillaCallWithoutTheCsrfTokenIsRefused() throws Exception {
        Account user = newUserWithPassword("web");
        String session = signIn(user.username(), user.password());

        HttpResponse<String> list = send(post("/connect/WorkspaceService/list", "application/json", "{}")
                .header("Cookie", session));
        assertThat(list.statusCode()).isIn(401, 403);
    }

    @Test
    void aHillaCallWithoutASessionIsUnauthorizedNotRedirected() throws Exception {
        HttpResponse<String> login = send(get("/login"));
        HttpResponse<String> list = send(post("/connect/WorkspaceService/list", "application/json", "{}")
                .header("Cookie", cookie(login, "JSESSIONID")).header("X-CSRF-Token", csrf(login)));
        assertThat(list.statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordReturnsToTheLoginPageWithoutASession() throws Exception {
        Account user = newUserWithPassword("web");
        HttpResponse<String> login = send(get("/login"));
        HttpResponse<String> post = send(post("/login", "application/x-www-form-urlencoded",
                form(Map.of("username", user.username(), "password", "not-the-password", "_csrf", csrf(login))))
                .header("Cookie", cookie(login, "JSESSIONID")));
        assertThat(post.statusCode()).isEqualTo(302);
        assertThat(post.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    }

    @Test
    void aLoginPostWithoutTheCsrfTokenIsRefused() throws Exception {
        Account user = newUserWithPassword("web");
        HttpResponse<String> login = send(get("/login"));
        HttpResponse<String> post = send(post("/login", "application/x-www-form-urlencoded",
                form(Map.of("username", user.username(), "password", user.password())))
                .header("Cookie", cookie(login, "JSESSIONID")));
        assertThat(post.statusCode()).isEqualTo(403);
    }

    @Test
    void theLoginPageIsToldThatThereIsNoSingleSignOnWithoutAProvider() throws Exception {
        HttpResponse<String> login = send(get("/login"));
        HttpResponse<String> options = send(post("/connect/SignInOptionsService/options", "application/json", "{}")
                .header("Cookie", cookie(login, "JSESSIONID")).header("X-CSRF-Token", csrf(login)));
        assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
        assertThat(ApiClient.JSON.readTree(options.body()).get("oidcEnabled").asBoolean()).isFalse();
        // Nor is there a way to start one.
        assertThat(send(get("/oauth2/authorization/oidc")).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void theRestApiStillAnswersProblemsNotLoginRedirects() {
        var r = anonymous.get("/api/v1/workspaces");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void theLoginFormIsThrottledWithA429ThatSaysHowLongToWait() throws Exception {
        Account user = newUserWithPassword("web");
        // From an address of its own, so no other test's sign-ins share the throttled address.
        HttpClient from = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .localAddress(java.net.InetAddress.getByName("127.0.2.1")).build();
        HttpResponse<String> login = from.send(get("/login").build(), HttpResponse.BodyHandlers.ofString());
        String session = cookie(login, "JSESSIONID");
        String token = csrf(login);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = from.send(post("/login", "application/x-www-form-urlencoded",
                    form(Map.of("username", user.username(), "password", "wrong-" + i, "_csrf", token)))
                    .header("Cookie", session).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(302);
            assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        }
        HttpResponse<String> refused = from.send(post("/login", "application/x-www-form-urlencoded",
                form(Map.of("username", user.username(), "password", user.password(), "_csrf", token)))
                .header("Cookie", session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(ApiClient.JSON.readTree(refused.body()).get("code").asString()).isEqualTo("TOO_MANY_ATTEMPTS");
    }

    @Test
    void aPasswordChangeThroughTheApiEndsEveryBrowserSessionOfTheUser() throws Exception {
        Account user = newUserWithPassword("web");
        String session = signIn(user.username(), user.password());
        HttpResponse<String> start = send(get("/").header("Cookie", session));
        String token = csrf(start);
        assertThat(send(post("/connect/UserInfoService/me", "application/json", "{}")
                .header("Cookie", session).header("X-CSRF-Token", token)).statusCode()).isEqualTo(200);

        var changed = user.api().put("/api/v1/me/password", Map.of("currentPassword", user.password(),
                "newPassword", "a brand new password"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);

        assertThat(send(post("/connect/UserInfoService/me", "application/json", "{}")
                .header("Cookie", session).header("X-CSRF-Token", token)).statusCode()).isEqualTo(401);
        HttpResponse<String> view = send(get("/").header("Cookie", session));
        assertThat(view.statusCode()).isEqualTo(302);
        assertThat(view.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** A local account with its password (the browser signs in with the password, not a token). */
    private record Account(String username, String password, ApiClient api) {
    }

    private Account newUserWithPassword(String prefix) {
        String username = prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + java.util.UUID.randomUUID();
        var r = admin.post("/api/v1/users", Map.of("username", username, "password", password));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new Account(username, password, anonymous.login(username, password));
    }

    /** Posts the login form as the browser does and answers the new session's cookie. */
    private String signIn(String username, String password) throws Exception {
        HttpResponse<String> login = send(get("/login"));
        String before = cookie(login, "JSESSIONID");
        HttpResponse<String> post = send(post("/login", "application/x-www-form-urlencoded",
                form(Map.of("username", username, "password", password, "_csrf", csrf(login))))
                .header("Cookie", before));
        assertThat(post.statusCode()).as(post.body()).isEqualTo(302);
        assertThat(post.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        String after = cookie(post, "JSESSIONID");
        // Session fixation: signing in gives a new session id.
        assertThat(after).isNotEqualTo(before);
        return after;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    }

    private HttpRequest.Builder post(String path, String contentType, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF_META.matcher(page.body());
        assertThat(m.find()).as("a _csrf meta tag in %s", page.body()).isTrue();
        return m.group(1);
    }

    /** The "name=value" of a cookie the response sets. */
    private static String cookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0])
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers().map()));
    }

    private static String form(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }
}
