package io.annotrail.app.asset;

import io.annotrail.app.ApiClient;
import io.annotrail.app.IntegrationTest;
import io.annotrail.command.asset.AssetStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads through the REST API and downloads through the local store's signed URLs, with small limits and a
 * two-second URL lifetime so that expiry can be watched.
 */
@TestPropertySource(properties = {"annotrail.assets.max-bytes=65536", "annotrail.assets.url-ttl=PT2S",
        "annotrail.assets.allowed-hosts=labels.example.test"})
class AssetApiIT extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    AssetStore store;

    private static String upload(ApiClient api, String projectId, String fileName, String declaredType, byte[] content) {
        var r = api.postMultipart("/api/v1/projects/" + projectId + "/assets", "file", fileName, declaredType, content);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("assetRef").asString()).matches("asset:[0-9a-f-]{36}");
        return r.json().get("assetRef").asString();
    }

    private static String keyOf(String assetRef) {
        return "uploads/" + assetRef.substring("asset:".length());
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private String absolute(URI url) {
        return url.isAbsolute() ? url.toString() : "http://127.0.0.1:" + port + url;
    }

    private static String code(HttpResponse<byte[]> r) {
        return ApiClient.JSON.readTree(new String(r.body(), StandardCharsets.UTF_8)).get("code").asString();
    }

    @Test
    void anUploadedFileIsTypedByItsBytesAndDownloadableThroughASignedUrl() throws Exception {
        Fixture f = projectWith(1, null);
        var r = f.manager().api().postMultipart("/api/v1/projects/" + f.projectId() + "/assets", "file",
                "notes.txt", "text/plain", Samples.PNG);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("contentType").asString()).isEqualTo("image/png");
        assertThat(r.json().get("size").asLong()).isEqualTo(Samples.PNG.length);
        String ref = r.json().get("assetRef").asString();

        HttpResponse<byte[]> download = get(absolute(store.signedUrl(keyOf(ref), Duration.ofMinutes(1), "notes.png")));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(Samples.PNG);
        assertThat(download.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(download.headers().firstValue("Content-Disposition")).contains("inline; filename=\"notes.png\"");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(download.headers().allValues("Content-Security-Policy")).containsExactly("sandbox; default-src 'none'");
        assertThat(download.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("private"));
    }

    @Test
    void anHtmlFileIsServedAsAnOpaqueAttachmentThatNoBrowserRenders() throws Exception {
        Fixture f = projectWith(1, null);
        var r = f.manager().api().postMultipart("/api/v1/projects/" + f.projectId() + "/assets", "file",
                "page.html", "text/html", Samples.HTML);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("contentType").asString()).isEqualTo("application/octet-stream");

        HttpResponse<byte[]> download = get(absolute(store.signedUrl(keyOf(r.json().get("assetRef").asString()),
                Duration.ofMinutes(1), "page.html")));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(Samples.HTML);
        assertThat(download.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).startsWith("attachment"));
        assertThat(download.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(download.headers().allValues("Content-Security-Policy")).containsExactly("sandbox; default-src 'none'");
    }

    @Test
    void anExpiredSignedUrlIsRefused() throws Exception {
        Fixture f = projectWith(1, null);
        String ref = upload(f.manager().api(), f.projectId(), "a.gif", "image/gif", Samples.GIF);
        String url = absolute(store.signedUrl(keyOf(ref), Duration.ofSeconds(1), "a.gif"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> get(url).statusCode() == 403);
        HttpResponse<byte[]> refused = get(url);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(code(refused)).isEqualTo("ASSET_LINK_EXPIRED");
    }

    @Test
    void aTamperedSignedUrlIsRefused() throws Exception {
        Fixture f = projectWith(1, null);
        String ref = upload(f.manager().api(), f.projectId(), "a.pdf", "application/pdf", Samples.PDF);
        String other = upload(f.manager().api(), f.projectId(), "b.pdf", "application/pdf", Samples.PDF);
        String url = absolute(store.signedUrl(keyOf(ref), Duration.ofMinutes(1), "a.pdf"));
        assertThat(get(url).statusCode()).isEqualTo(200);

        String sig = url.substring(url.indexOf("sig=") + 4);
        String exp = url.replaceAll(".*exp=(\\d+).*", "$1");
        for (String tampered : new String[]{
                url.replace("sig=" + sig, "sig=" + (sig.startsWith("A") ? "B" : "A") + sig.substring(1)),
                url.replace("exp=" + exp, "exp=" + (Long.parseLong(exp) + 86_400)),
                url.replace("fn=a.pdf", "fn=a.html"),
                url.replace(keyOf(ref), keyOf(other)),
                url.substring(0, url.indexOf("&sig="))}) {
            HttpResponse<byte[]> r = get(tampered);
            assertThat(r.statusCode()).as(tampered).isEqualTo(403);
            assertThat(code(r)).as(tampered).isEqualTo("ASSET_LINK_INVALID");
        }
    }

    @Test
    void pathsThatWouldLeaveTheAssetDirectoryNeverServeAFile() throws Exception {
        String base = "http://127.0.0.1:" + port + "/assets/";
        String query = "?exp=99999999999&fn=x&sig=AAAA";
        for (String path : new String[]{"uploads/..%2F..%2Fasset-signing.key", "..%2Fasset-signing.key/x",
                "%2e%2e/asset-signing.key", ".meta/x", "uploads/%2e%2e%2f%2e%2e%2fpostgres%2fPG_VERSION",
                "uploads/..%5C..%5Casset-signing.key"}) {
            HttpResponse<byte[]> r = get(base + path + query);
            assertThat(r.statusCode()).as(path).isIn(400, 401, 403, 404);
        }
    }

    @Test
    void anUploadOverTheLimitIsTooLarge() {
        Fixture f = projectWith(1, null);
        var justOver = f.manager().api().postMultipart("/api/v1/projects/" + f.projectId() + "/assets", "file",
                "big.bin", "application/octet-stream", new byte[65_537]);
        assertThat(justOver.status()).as(justOver.toString()).isEqualTo(413);
        assertThat(justOver.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        var farOver = f.manager().api().postMultipart("/api/v1/projects/" + f.projectId() + "/assets", "file",
                "big.bin", "application/octet-stream", new byte[300_000]);
        assertThat(farOver.status()).as(farOver.toString()).isEqualTo(413);
        assertThat(farOver.code()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void onlyManagersOfTheProjectsWorkspaceMayUpload() {
        Fixture f = projectWith(1, null);
        Fixture elsewhere = projectWith(1, null);
        var outsider = elsewhere.manager().api().postMultipart("/api/v1/projects/" + f.projectId() + "/assets",
                "file", "a.png", "image/png", Samples.PNG);
        assertThat(outsider.status()).as(outsider.toString()).isEqualTo(404);
        assertThat(outsider.code()).isEqualTo("PROJECT_NOT_FOUND");

        User annotator = newUser("ann");
        addMember(f, annotator, "ANNOTATOR");
        var r = annotator.api().postMultipart("/api/v1/projects/" + f.projectId() + "/assets",
                "file", "a.png", "image/png", Samples.PNG);
        assertThat(r.status()).as(r.toString()).isEqualTo(403);

        var anonymousUpload = anonymous.postMultipart("/api/v1/projects/" + f.projectId() + "/assets",
                "file", "a.png", "image/png", Samples.PNG);
        assertThat(anonymousUpload.status()).isEqualTo(401);
    }

    @Test
    void anUploadWithoutAFileOrWithAnEmptyOneIsInvalid() {
        Fixture f = projectWith(1, null);
        var wrongPart = f.manager().api().postMultipart("/api/v1/projects/" + f.projectId() + "/assets",
                "document", "a.png", "image/png", Samples.PNG);
        assertThat(wrongPart.status()).as(wrongPart.toString()).isEqualTo(400);
        assertThat(wrongPart.code()).isEqualTo("VALIDATION_FAILED");
        var empty = f.manager().api().postMultipart("/api/v1/projects/" + f.projectId() + "/assets",
                "file", "a.png", "image/png", new byte[0]);
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        var broken = f.manager().api().postRaw("/api/v1/projects/" + f.projectId() + "/assets",
                "multipart/form-data; boundary=nothing-here", "this is not a multipart body");
        assertThat(broken.status()).as(broken.toString()).isEqualTo(400);
    }

    @Test
    void aClaimCarriesShortLivedSignedUrlsForTheProjectsOwnAssetsOnly() throws Exception {
        Fixture f = projectWith(1, null);
        Fixture elsewhere = projectWith(1, null);
        String own = upload(f.manager().api(), f.projectId(), "cat.jpg", "image/jpeg", Samples.JPEG);
        String foreign = upload(elsewhere.manager().api(), elsewhere.projectId(), "dog.png", "image/png", Samples.PNG);

        String task = ApiClient.JSON.writeValueAsString(Map.of("externalId", "with-assets", "data", Map.of(
                "image", own, "stolen", foreign, "nested", java.util.List.of(Map.of("again", own)),
                "missing", "asset:00000000-0000-0000-0000-000000000000")));
        var imported = f.manager().api().postRaw("/api/v1/batches/" + f.batchId() + "/tasks", "application/x-ndjson", task + "\n");
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(f.manager().api().post("/api/v1/batches/" + f.batchId() + "/open", null).status()).isEqualTo(204);
        User annotator = newUser("ann");
        addMember(f, annotator, "ANNOTATOR");

        var claim = annotator.api().post("/api/v1/projects/" + f.projectId() + "/claims", null);
        assertThat(claim.status()).as(claim.toString()).isEqualTo(201);
        JsonNode assets = claim.json().get("assets");
        assertThat(assets.propertyNames()).containsExactly(own);
        String url = assets.get(own).asString();
        assertThat(url).startsWith("http://127.0.0.1:" + port + "/assets/uploads/");

        HttpResponse<byte[]> download = get(url);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(Samples.JPEG);
        assertThat(download.headers().firstValue("Content-Disposition")).contains("inline; filename=\"cat.jpg\"");

        // ANNOTRAIL_ASSET_URL_TTL is two seconds here: the link stops working on its own.
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(250)).until(() -> get(url).statusCode() == 403);
        assertThat(code(get(url))).isEqualTo("ASSET_LINK_EXPIRED");
    }

    /** A claim sent with the given {@code Host} header over a raw socket (HTTP/1.0: no chunking to undo). */
    private String claimWithHost(String host, String token, String projectId) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String request = "POST /api/v1/projects/" + projectId + "/claims HTTP/1.0\r\n"
                    + "Host: " + host + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Content-Length: 0\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 201");
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private record AssetTask(Fixture fixture, String assetRef, String annotatorToken) {
    }

    /** A project with one open task per host to try, each referring to one uploaded image, and an annotator. */
    private AssetTask taskWithAnAsset(int tasks) {
        Fixture f = projectWith(1, null);
        String ref = upload(f.manager().api(), f.projectId(), "cat.jpg", "image/jpeg", Samples.JPEG);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < tasks; i++) {
            lines.append(ApiClient.JSON.writeValueAsString(Map.of("externalId", "t-" + i, "data", Map.of("image", ref))))
                    .append('\n');
        }
        var imported = f.manager().api().postRaw("/api/v1/batches/" + f.batchId() + "/tasks", "application/x-ndjson",
                lines.toString());
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(f.manager().api().post("/api/v1/batches/" + f.batchId() + "/open", null).status()).isEqualTo(204);
        String username = "ann-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var created = admin.post("/api/v1/users", Map.of("username", username, "password", "a long password"));
        assertThat(created.status()).isEqualTo(201);
        var member = f.manager().api().put("/api/v1/workspaces/" + f.workspaceId() + "/members/"
                + created.json().get("id").asString(), Map.of("role", "ANNOTATOR"));
        assertThat(member.status()).as(member.toString()).isEqualTo(204);
        String token = anonymous.withBasic(username, "a long password").post("/api/v1/tokens", null).json()
                .get("token").asString();
        return new AssetTask(f, ref, token);
    }

    @Test
    void aForgedHostHeaderNeverEndsUpInASignedUrl() throws Exception {
        AssetTask t = taskWithAnAsset(1);
        JsonNode claim = ApiClient.JSON.readTree(claimWithHost("evil.example", t.annotatorToken(), t.fixture().projectId()));
        String url = claim.get("assets").get(t.assetRef()).asString();
        assertThat(url).doesNotContain("evil.example").startsWith("/assets/uploads/");
        // Relative to the app, the link works for a client that resolves it against the address it used.
        assertThat(get("http://127.0.0.1:" + port + url).statusCode()).isEqualTo(200);
    }

    @Test
    void loopbackAndAllowedHostsGetAbsoluteLinksToThemselves() throws Exception {
        AssetTask t = taskWithAnAsset(2);
        JsonNode viaLoopback = ApiClient.JSON.readTree(claimWithHost("localhost:" + port, t.annotatorToken(),
                t.fixture().projectId()));
        assertThat(viaLoopback.get("assets").get(t.assetRef()).asString())
                .startsWith("http://localhost:" + port + "/assets/uploads/");
        ApiClient.Response released = anonymous.withToken(t.annotatorToken())
                .delete("/api/v1/leases/" + viaLoopback.get("leaseId").asString());
        assertThat(released.status()).isEqualTo(204);

        JsonNode viaAllowed = ApiClient.JSON.readTree(claimWithHost("labels.example.test", t.annotatorToken(),
                t.fixture().projectId()));
        assertThat(viaAllowed.get("assets").get(t.assetRef()).asString())
                .startsWith("http://labels.example.test/assets/uploads/");
    }
}
