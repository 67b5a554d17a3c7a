package io.annotrail.app.asset;

import io.annotrail.command.asset.AssetStore;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Blob Storage adapter against Azurite: what it stores, and what its SAS URLs let a holder do. */
class AzureBlobAssetStoreIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Azurite azurite;
    private static AzureBlobAssetStore store;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = Azurite.start();
        store = AzureBlobAssetStore.connect(azurite.connectionString(), "it-" + UUID.randomUUID(), Clock.systemUTC());
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.close();
        }
    }

    private static String upload(byte[] content) throws Exception {
        String key = AssetKeys.of("uploads", UUID.randomUUID(), null);
        store.put(key, new ByteArrayInputStream(content), 1024 * 1024, null);
        return key;
    }

    private static HttpResponse<byte[]> get(URI url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void anUploadIsStoredWithTheTypeItsBytesShowAndItsSha256() throws Exception {
        String key = AssetKeys.of("uploads", UUID.randomUUID(), null);
        AssetStore.StoredAsset stored = store.put(key, new ByteArrayInputStream(Samples.JPEG), 1024, "image/svg+xml");
        assertThat(stored.contentType()).isEqualTo("image/jpeg");
        assertThat(stored.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Samples.JPEG)));
        assertThat(store.describe(key)).contains(stored);
        try (InputStream in = store.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(Samples.JPEG);
        }
        store.delete(key);
        assertThat(store.describe(key)).isEmpty();
    }

    @Test
    void aSignedUrlDownloadsTheAssetAsAnAttachment() throws Exception {
        String key = upload(Samples.PNG);
        HttpResponse<byte[]> r = get(store.signedUrl(key, Duration.ofMinutes(5), "cat.png"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(Samples.PNG);
        assertThat(r.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).startsWith("attachment").contains("cat.png"));
    }

    @Test
    void markupIsStoredAsOpaqueBytes() throws Exception {
        String key = upload(Samples.SVG);
        HttpResponse<byte[]> r = get(store.signedUrl(key, Duration.ofMinutes(5), "logo.svg"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/octet-stream");
    }

    @Test
    void anExpiredSignedUrlIsRefused() throws Exception {
        String key = upload(Samples.GIF);
        URI url = store.signedUrl(key, Duration.ofSeconds(1), "a.gif");
        // SAS expiry has a granularity of one second: wait (bounded) until the service says it is over.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(url).statusCode() == 403);
    }

    @Test
    void aTamperedSignedUrlIsRefused() throws Exception {
        String key = upload(Samples.WEBP);
        String url = store.signedUrl(key, Duration.ofMinutes(5), "a.webp").toString();
        assertThat(get(URI.create(url)).statusCode()).isEqualTo(200);

        String otherKey = upload(Samples.PNG);
        String otherBlob = url.replace(key.substring(key.indexOf('/') + 1), otherKey.substring(otherKey.indexOf('/') + 1));
        assertThat(otherBlob).isNotEqualTo(url);
        String signature = url.substring(url.indexOf("sig=") + 4).split("&")[0];
        String forgedSignature = url.replace("sig=" + signature, "sig=" + (signature.startsWith("A") ? "B" : "A") + signature.substring(1));
        String longerLife = url.replaceFirst("se=(\\d{4})", "se=2099");
        String writable = url.replaceFirst("sp=r", "sp=rw");
        String otherName = url.replace("a.webp", "a.html");
        for (String tampered : new String[]{otherBlob, forgedSignature, longerLife, writable, otherName}) {
            assertThat(tampered).isNotEqualTo(url);
            assertThat(get(URI.create(tampered)).statusCode()).as(tampered).isEqualTo(403);
        }
    }

    @Test
    void aStreamedWriteLargerThanOneBlockReadsBackIntact() throws Exception {
        String key = AssetKeys.of("exports", UUID.randomUUID(), "csv");
        String line = "t-%07d,cat,\"a, quoted\"\n";
        int lines = AzureBlobAssetStore.BLOCK_BYTES / 20 + 1000; // a little more than one block
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        AssetStore.StoredAsset stored = store.write(key, "text/csv", out -> {
            try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                for (int i = 0; i < lines; i++) {
                    String l = line.formatted(i);
                    expected.update(l.getBytes(StandardCharsets.UTF_8));
                    w.write(l);
                }
            }
        });
        assertThat(stored.size()).isGreaterThan(AzureBlobAssetStore.BLOCK_BYTES);
        assertThat(stored.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(stored.sha256()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (InputStream in = store.open(key)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                read.update(buf, 0, n);
            }
        }
        assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(stored.sha256());
    }

    @Test
    void anUploadOverTheLimitLeavesNothingBehind() {
        String key = AssetKeys.of("uploads", UUID.randomUUID(), null);
        byte[] big = new byte[4096];
        Arrays.fill(big, (byte) 'x');
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(big), 1024, null))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(store.describe(key)).isEmpty();
    }

    @Test
    void theBlobStoreIsChosenWhenAConnectionStringIsConfigured() throws Exception {
        var assets = new AssetProperties(0, null, null, null,
                new AssetProperties.Blob(azurite.connectionString(), "chosen-" + UUID.randomUUID().toString().substring(0, 8)),
                null);
        assertThat(AssetConfig.create(assets, java.nio.file.Path.of("unused"), Clock.systemUTC())).isInstanceOf(AzureBlobAssetStore.class);
    }
}
