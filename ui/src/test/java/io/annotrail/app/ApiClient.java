package io.annotrail.app;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A thin HTTP client for the REST API, speaking JSON, as an outside script would. */
public final class ApiClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return body == null || body.isEmpty() ? null : JSON.readTree(body);
        }

        public String code() {
            JsonNode json = json();
            return json == null || !json.has("code") ? null : json.get("code").asString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final String correlationId;
    private final String readConsistency;

    private ApiClient(HttpClient http, String base, String authorization, String correlationId) {
        this(http, base, authorization, correlationId, null);
    }

    private ApiClient(HttpClient http, String base, String authorization, String correlationId, String readConsistency) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
        this.correlationId = correlationId;
        this.readConsistency = readConsistency;
    }

    /** Sends {@code X-Read-Consistency}: "eventual" reads the read models as they are, without waiting. */
    public ApiClient withReadConsistency(String mode) {
        return new ApiClient(http, base, authorization, correlationId, mode);
    }

    /** The {@code Authorization} header this client sends (null when anonymous), for tests that speak raw HTTP. */
    public String authorization() {
        return authorization;
    }

    public static ApiClient anonymous(int port) {
        return new ApiClient(HTTP, "http://127.0.0.1:" + port, null, null);
    }

    /**
     * An anonymous client whose connections come from another loopback address (say 127.0.0.7), so the server sees
     * another client address: what the sign-in throttle keys on.
     */
    public static ApiClient anonymousFrom(int port, String localAddress) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .localAddress(java.net.InetAddress.getByName(localAddress)).build();
            return new ApiClient(http, "http://127.0.0.1:" + port, null, null);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public ApiClient withToken(String token) {
        return new ApiClient(http, base, "Bearer " + token, correlationId);
    }

    public ApiClient withBasic(String user, String password) {
        return new ApiClient(http, base, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)), correlationId);
    }

    public ApiClient withCorrelationId(String id) {
        return new ApiClient(http, base, authorization, id);
    }

    /** Logs in with Basic and answers a client that carries the minted bearer token. */
    public ApiClient login(String user, String password) {
        Response r = withBasic(user, password).post("/api/v1/tokens", null);
        if (r.status() != 201) {
            throw new AssertionError("login failed: " + r);
        }
        return withToken(r.json().get("token").asString());
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body))));
    }

    public Response put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))));
    }

    public Response postRaw(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A multipart/form-data upload of one file part, as {@code curl -F part=@file} sends it. */
    public Response postMultipart(String path, String partName, String fileName, String contentType, byte[] content) {
        String boundary = "----annotrail-" + java.util.UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + partName + "\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (correlationId != null) {
            b.header("X-Correlation-Id", correlationId);
        }
        if (readConsistency != null) {
            b.header("X-Read-Consistency", readConsistency);
        }
        return b;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
