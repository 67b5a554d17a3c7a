package io.annotrail.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;

/**
 * The app's REST API over java.net.http. One client for the whole harness: HTTP/1.1 keeps a pool of
 * keep-alive connections, so each simulated annotator effectively gets its own connection, as a browser would.
 */
final class Api implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A response with the time it took, measured around the blocking send (what a client experiences). */
    record Response(int status, String body, long nanos) {
        JsonNode json() {
            return body == null || body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String baseUrl;
    private final HttpClient client;

    Api(String baseUrl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                // Virtual threads for the client's internal work: the load is driven by our own threads anyway.
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    String baseUrl() {
        return baseUrl;
    }

    Response get(String path, String token, String... headers) {
        return send(request(path, token, headers).GET());
    }

    Response post(String path, String token, Object jsonBody, String... headers) {
        HttpRequest.Builder b = request(path, token, headers);
        if (jsonBody == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(jsonBody)));
        }
        return send(b);
    }

    Response postBytes(String path, String token, String contentType, byte[] body) {
        return send(request(path, token).header("Content-Type", contentType)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Response put(String path, String token, Object jsonBody) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(jsonBody))));
    }

    Response delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    /** POST /api/v1/tokens with HTTP Basic: the only call that takes a password. */
    String token(String username, String password) {
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        Response r = send(request("/api/v1/tokens", null, "Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.noBody()));
        return expect(r, 201, "token for " + username).get("token").asString();
    }

    /** Fails the setup step loudly: a benchmark on a half-made fixture would measure nonsense. */
    static JsonNode expect(Response r, int status, String what) {
        if (r.status() != status) {
            throw new IllegalStateException(what + ": expected HTTP " + status + " but got " + r.status() + " " + r.body());
        }
        return r.json();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    boolean healthy() {
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpRequest.Builder request(String path, String token, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private Response send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body(), System.nanoTime() - start);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
