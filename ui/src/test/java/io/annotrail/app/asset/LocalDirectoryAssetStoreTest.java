package io.annotrail.app.asset;

import io.annotrail.command.asset.AssetStore;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalDirectoryAssetStoreTest {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    private LocalDirectoryAssetStore store;

    @BeforeEach
    void store() throws IOException {
        store = new LocalDirectoryAssetStore(dataDir.resolve("assets"), new byte[32], clock, () -> "https://labels.example");
    }

    private static String key() {
        return AssetKeys.of("uploads", UUID.randomUUID(), null);
    }

    @Test
    void aStoredAssetIsDescribedByItsBytesAndReadBack() throws Exception {
        String key = key();
        AssetStore.StoredAsset stored = store.put(key, new ByteArrayInputStream(Samples.PNG), 1024, "text/plain");
        assertThat(stored.contentType()).isEqualTo("image/png");
        assertThat(stored.size()).isEqualTo(Samples.PNG.length);
        assertThat(stored.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Samples.PNG)));
        assertThat(store.describe(key)).contains(stored);
        try (InputStream in = store.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(Samples.PNG);
        }
        store.delete(key);
        assertThat(store.describe(key)).isEmpty();
    }

    @Test
    void aWriterThatClosesItsStreamStillProducesACompleteAsset() throws Exception {
        String key = AssetKeys.of("exports", UUID.randomUUID(), "csv");
        AssetStore.StoredAsset stored = store.write(key, "text/csv", out -> {
            try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                w.write("externalId,label\nt-1,cat\n");
            }
        });
        assertThat(stored.contentType()).isEqualTo("text/csv; charset=utf-8");
        try (InputStream in = store.open(key)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("externalId,label\nt-1,cat\n");
        }
    }

    @Test
    void contentOverTheLimitIsRefusedAndLeavesNothingBehind() throws Exception {
        String key = key();
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(new byte[2048]), 1024, null))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(store.describe(key)).isEmpty();
        try (var files = Files.walk(dataDir.resolve("assets"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void keysThatCouldLeaveTheDirectoryAreRefusedByEveryOperation() {
        for (String bad : new String[]{"../outside", "uploads/../../outside", "/etc/passwd", "uploads/..",
                "uploads/" + UUID.randomUUID() + "/../x", ".meta/" + UUID.randomUUID(), "uploads\\..\\x",
                "uploads/" + UUID.randomUUID() + ".properties/../x", "UPLOADS/" + UUID.randomUUID(), "", "uploads/",
                "uploads/" + UUID.randomUUID() + "%2e%2e"}) {
            assertThatThrownBy(() -> store.put(bad, new ByteArrayInputStream(new byte[1]), 10, null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.describe(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.signedUrl(bad, Duration.ofMinutes(1), "x")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.verify(bad, "9999999999", "x", "AAAA")).as(bad)
                    .isInstanceOf(DomainException.class);
        }
    }

    @Test
    void aSymbolicLinkPlantedInTheDirectoryDoesNotLeadOutOfIt() throws Exception {
        Path secret = Files.writeString(dataDir.resolve("secret.txt"), "not an asset");
        String key = key();
        Files.createDirectories(dataDir.resolve("assets/uploads"));
        Files.createSymbolicLink(dataDir.resolve("assets").resolve(key), secret);
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aSignedUrlIsValidExactlyAsIssuedAndUntilItExpires() throws Exception {
        String key = key();
        store.put(key, new ByteArrayInputStream(Samples.PDF), 1024, null);
        URI url = store.signedUrl(key, Duration.ofMinutes(10), "../../report \"final\".pdf");
        assertThat(url.toString()).startsWith("https://labels.example/assets/" + key + "?exp=");
        Map<String, String> q = query(url);
        assertThat(q.get("fn")).isEqualTo("report_final_.pdf");
        assertThat(store.verify(key, q.get("exp"), q.get("fn"), q.get("sig"))).isEqualTo("report_final_.pdf");

        String later = Long.toString(Long.parseLong(q.get("exp")) + 3600);
        assertCode(() -> store.verify(key, later, q.get("fn"), q.get("sig")), ErrorCode.ASSET_LINK_INVALID);
        assertCode(() -> store.verify(key, q.get("exp"), "other.pdf", q.get("sig")), ErrorCode.ASSET_LINK_INVALID);
        assertCode(() -> store.verify(key(), q.get("exp"), q.get("fn"), q.get("sig")), ErrorCode.ASSET_LINK_INVALID);
        String flipped = (q.get("sig").charAt(0) == 'A' ? "B" : "A") + q.get("sig").substring(1);
        assertCode(() -> store.verify(key, q.get("exp"), q.get("fn"), flipped), ErrorCode.ASSET_LINK_INVALID);
        assertCode(() -> store.verify(key, q.get("exp"), q.get("fn"), "%%%"), ErrorCode.ASSET_LINK_INVALID);
        assertCode(() -> store.verify(key, q.get("exp"), q.get("fn"), null), ErrorCode.ASSET_LINK_INVALID);

        clock.advance(Duration.ofMinutes(10));
        assertCode(() -> store.verify(key, q.get("exp"), q.get("fn"), q.get("sig")), ErrorCode.ASSET_LINK_EXPIRED);
    }

    @Test
    void aUrlSignedWithAnotherKeyIsRefused() throws Exception {
        String key = key();
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        var other = new LocalDirectoryAssetStore(dataDir.resolve("assets"), otherKey, clock, () -> "");
        Map<String, String> q = query(other.signedUrl(key, Duration.ofMinutes(1), "a.bin"));
        assertCode(() -> store.verify(key, q.get("exp"), q.get("fn"), q.get("sig")), ErrorCode.ASSET_LINK_INVALID);
    }

    @Test
    void theSigningKeyIsGeneratedOnceAndKeptUnlessOneIsConfigured() throws Exception {
        AssetProperties generated = new AssetProperties(0, null, null, null, null, null);
        byte[] first = AssetConfig.signingKey(generated, dataDir);
        assertThat(first).hasSize(32);
        assertThat(AssetConfig.signingKey(generated, dataDir)).isEqualTo(first);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(AssetConfig.SIGNING_KEY_FILE)).toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE]");

        AssetProperties configured = new AssetProperties(0, null, "k".repeat(40), null, null, null);
        assertThat(AssetConfig.signingKey(configured, dataDir)).isEqualTo("k".repeat(40).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AssetConfig.signingKey(new AssetProperties(0, null, "short", null, null, null), dataDir))
                .isInstanceOf(IllegalStateException.class);
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(code);
    }

    static Map<String, String> query(URI url) {
        Map<String, String> q = new HashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
