package io.annotrail.app.asset;

import io.annotrail.command.asset.AssetStore;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The embedded default: assets as files under {@code <data dir>/assets}, handed out through URLs the app itself
 * serves ({@code /assets/<key>?exp=&fn=&sig=}). The signature (HMAC-SHA256 over key, expiry and file name) is the
 * credential, so the URL works without a token but only until it expires and only exactly as issued.
 *
 * <p>Files are written to a scratch file first and moved into place, so a reader never sees half an asset; the
 * description (type, size, SHA-256) lives in a sidecar under {@code .meta/}, which no key can name.
 */
public final class LocalDirectoryAssetStore extends StreamingAssetStore {

    /** The public path signed URLs live under (permitted without a token by the security configuration). */
    public static final String URL_PATH = "/assets/";

    private static final String SIGNATURE_CONTEXT = "annotrail-asset-url-v1";
    private static final Pattern EXPIRY = Pattern.compile("[0-9]{1,12}");

    private final Path root;
    private final Path realRoot;
    private final Path scratch;
    private final Path metadata;
    private final SecretKeySpec signingKey;
    private final Clock clock;
    private final Supplier<String> baseUrl;

    /**
     * @param root       the directory (created if missing)
     * @param signingKey HMAC key, at least 32 bytes
     * @param baseUrl    scheme, host, port and context path clients reach the app at ("" for URLs relative to it)
     */
    public LocalDirectoryAssetStore(Path root, byte[] signingKey, Clock clock, Supplier<String> baseUrl) throws IOException {
        if (signingKey.length < 32) {
            throw new IllegalArgumentException("the asset signing key needs at least 32 bytes");
        }
        this.root = root.toAbsolutePath().normalize();
        this.scratch = this.root.resolve(".tmp");
        this.metadata = this.root.resolve(".meta");
        Files.createDirectories(scratch);
        Files.createDirectories(metadata);
        this.realRoot = this.root.toRealPath();
        this.signingKey = new SecretKeySpec(signingKey.clone(), "HmacSHA256");
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    @Override
    StoredAsset store(String key, String declaredType, long maxBytes, ContentWriter source) throws IOException {
        Path target = contentPath(key);
        Path part = Files.createTempFile(scratch, "part-", ".tmp");
        try {
            StoredAsset stored;
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE);
                 MeasuringOutputStream out = new MeasuringOutputStream(Channels.newOutputStream(channel), maxBytes)) {
                source.writeTo(out);
                out.flush();
                channel.force(true);
                stored = out.describe(key, declaredType);
            }
            Files.createDirectories(target.getParent());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            writeMetadata(stored);
            return stored;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private void writeMetadata(StoredAsset stored) throws IOException {
        Properties p = new Properties();
        p.setProperty("contentType", stored.contentType());
        p.setProperty("size", Long.toString(stored.size()));
        p.setProperty("sha256", stored.sha256());
        Path target = metadataPath(stored.key());
        Files.createDirectories(target.getParent());
        Path part = Files.createTempFile(scratch, "meta-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                p.store(out, null);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public Optional<StoredAsset> describe(String key) {
        Path meta = metadataPath(key);
        if (!Files.isRegularFile(meta) || !Files.isRegularFile(contentPath(key))) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        } catch (NoSuchFileException deletedMeanwhile) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new StoredAsset(key, p.getProperty("contentType", ContentType.BINARY.mediaType()),
                Long.parseLong(p.getProperty("size", "0")), p.getProperty("sha256", "")));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(servedFile(key));
    }

    /**
     * The file behind a key, refusing anything that resolves outside the root, symbolic links included (the key
     * pattern already excludes {@code ..}; this is the second wall).
     */
    Path servedFile(String key) throws IOException {
        Path file = contentPath(key);
        Path real = file.toRealPath();
        if (!real.startsWith(realRoot) || real.startsWith(realRoot.resolve(".meta")) || real.startsWith(realRoot.resolve(".tmp"))) {
            throw new NoSuchFileException(key);
        }
        return real;
    }

    @Override
    public URI signedUrl(String key, Duration ttl, String downloadFileName) {
        AssetKeys.requireValid(key);
        long expires = clock.instant().plus(ttl).getEpochSecond();
        String fileName = DownloadNames.sanitize(downloadFileName);
        return URI.create(baseUrl.get() + URL_PATH + key + "?exp=" + expires
                + "&fn=" + URLEncoder.encode(fileName, StandardCharsets.UTF_8) + "&sig=" + sign(key, expires, fileName));
    }

    /**
     * Checks a presented URL: the signature first (so a forged expiry is "invalid", not "expired"), in constant
     * time, then the expiry. Answers the download file name the URL was signed for.
     */
    String verify(String key, String expires, String fileName, String signature) {
        if (!AssetKeys.isValid(key) || expires == null || !EXPIRY.matcher(expires).matches() || fileName == null
                || signature == null) {
            throw invalid();
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        long expiresAt = Long.parseLong(expires);
        byte[] expected = Base64.getUrlDecoder().decode(sign(key, expiresAt, fileName));
        if (!MessageDigest.isEqual(expected, presented)) {
            throw invalid();
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expiresAt))) {
            throw new DomainException(ErrorCode.ASSET_LINK_EXPIRED, "this link has expired; ask for a fresh one");
        }
        return fileName;
    }

    private static DomainException invalid() {
        return new DomainException(ErrorCode.ASSET_LINK_INVALID, "this link is not valid");
    }

    private String sign(String key, long expires, String fileName) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey);
            byte[] sig = mac.doFinal((SIGNATURE_CONTEXT + "\n" + key + "\n" + expires + "\n" + fileName)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(metadataPath(key));
        Files.deleteIfExists(contentPath(key));
    }

    private Path contentPath(String key) {
        return under(root, AssetKeys.requireValid(key));
    }

    private Path metadataPath(String key) {
        return under(metadata, AssetKeys.requireValid(key) + ".properties");
    }

    private static Path under(Path base, String relative) {
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new IllegalArgumentException("asset key escapes the asset directory");
        }
        return resolved;
    }
}
