package io.annotrail.app.web;

import io.annotrail.app.ApiClient;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A signed-in browser session spoken as raw HTTP: the session cookie and the page's CSRF token on every call. */
final class BrowserClient {

    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final int port;
    private final String cookie;
    private final String csrf;

    private BrowserClient(int port, String cookie, String csrf) {
        this.port = port;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    /** Signs in with the login form and loads the start page for the session's CSRF token. */
    static BrowserClient signIn(int port, String username, String password) {
        HttpResponse<String> login = send(port, request(port, "/login").GET());
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf(login), StandardCharsets.UTF_8);
        HttpResponse<String> post = send(port, request(port, "/login")
                .header("Cookie", cookie(login)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(post.statusCode()).as(post.body()).isEqualTo(302);
        assertThat(post.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        String session = cookie(post);
        HttpResponse<String> start = send(port, request(port, "/").header("Cookie", session).GET());
        return new BrowserClient(port, session, csrf(start));
    }

    /** Calls a {@code @BrowserCallable} method as the Hilla client does; {@code params} is the JSON object of arguments. */
    ApiClient.Response call(String service, String method, Object params) {
        return response(send(port, request(port, "/connect/" + service + "/" + method)
                .header("Cookie", cookie).header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(params)))));
    }

    /** The page's task-file upload, with or without the CSRF token. */
    ApiClient.Response upload(String batchId, String contentType, String body, boolean withCsrf) {
        HttpRequest.Builder builder = request(port, "/ui/batches/" + batchId + "/tasks")
                .header("Cookie", cookie).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (withCsrf) {
            builder.header("X-CSRF-Token", csrf);
        }
        return response(send(port, builder));
    }

    private static ApiClient.Response response(HttpResponse<String> r) {
        return new ApiClient.Response(r.statusCode(), r.body(), r.headers());
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private static HttpResponse<String> send(int port, HttpRequest.Builder builder) {
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF_META.matcher(page.body());
        assertThat(m.find()).as("CSRF meta tag in " + page.body()).isTrue();
        return m.group(1);
    }

    private static String cookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(SESSION::matcher).filter(Matcher::find).map(m -> "JSESSIONID=" + m.group(1))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
    }
}
