package io.annotrail.app.asset;

import io.annotrail.app.infra.AnnotrailProperties;
import io.annotrail.command.asset.AssetStore;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Chooses the asset store: Azure Blob Storage when a connection string is configured, otherwise the directory
 * {@code <data dir>/assets} served by the app through HMAC-signed URLs.
 */
@Configuration(proxyBeanMethods = false)
class AssetConfig {

    private static final Logger log = LoggerFactory.getLogger(AssetConfig.class);
    static final String SIGNING_KEY_FILE = "asset-signing.key";

    @Bean
    AssetStore assetStore(AssetProperties assets, AnnotrailProperties app, Clock clock) throws IOException {
        return create(assets, app.dataDir(), clock);
    }

    static AssetStore create(AssetProperties assets, Path configuredDataDir, Clock clock) throws IOException {
        if (assets.blob().configured()) {
            log.info("Assets are kept in Azure Blob Storage, container {}", assets.blob().container());
            return AzureBlobAssetStore.connect(assets.blob().connectionString(), assets.blob().container(), clock);
        }
        Path dataDir = configuredDataDir.toAbsolutePath().normalize();
        Path root = dataDir.resolve("assets");
        log.info("Assets are kept in {}", root);
        return new LocalDirectoryAssetStore(root, signingKey(assets, dataDir), clock, () -> baseUrl(assets));
    }

    /**
     * Spring Boot's multipart defaults (1 MB per file) would refuse most assets: the asset limit decides instead,
     * and the request may carry one such file plus its envelope.
     */
    @Bean
    MultipartConfigElement multipartConfigElement(AssetProperties assets) {
        return new MultipartConfigElement("", assets.maxBytes(), assets.maxUploadRequestBytes(), 256 * 1024);
    }

    /**
     * The key from {@code ANNOTRAIL_ASSET_SIGNING_KEY} (instances that share a data directory or sit behind one
     * load balancer need the same key), else one generated at the first start and kept beside the database,
     * outside the asset directory, readable only by the app's user.
     */
    static byte[] signingKey(AssetProperties assets, Path dataDir) throws IOException {
        if (assets.signingKey() != null && !assets.signingKey().isBlank()) {
            byte[] key = assets.signingKey().getBytes(StandardCharsets.UTF_8);
            if (key.length < 32) {
                throw new IllegalStateException("ANNOTRAIL_ASSET_SIGNING_KEY must be at least 32 bytes long");
            }
            return key;
        }
        Path file = dataDir.resolve(SIGNING_KEY_FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Path part = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(dataDir, "asset-signing-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dataDir, "asset-signing-", ".tmp");
            try {
                Files.writeString(part, Base64.getEncoder().encodeToString(fresh));
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            log.info("Generated the asset URL signing key in {}", file);
        }
        // Read back what is on disk: if another instance sharing the directory won the race, use its key.
        byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
        if (key.length < 32) {
            throw new IllegalStateException(file + " holds a signing key shorter than 32 bytes");
        }
        return key;
    }

    /**
     * Where clients reach the app: the configured public URL; else the origin of the request that asks for a URL
     * (the caller gets links to the host it talked to) when its host is a loopback one or one of
     * {@code ANNOTRAIL_ALLOWED_HOSTS}; else nothing, so the links are relative to the app. The {@code Host} header is
     * the client's to choose: taken as is, a forged one (or a DNS-rebinding page) would receive links that carry
     * valid signatures to a server of its choice.
     */
    static String baseUrl(AssetProperties assets) {
        if (assets.publicBaseUrl() != null && !assets.publicBaseUrl().isBlank()) {
            return assets.publicBaseUrl().strip().replaceAll("/+$", "");
        }
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            if (hostAllowed(request.getServerName(), request.getServerPort(), assets.allowedHosts())) {
                return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
            }
            if (!warnedAboutHost) {
                warnedAboutHost = true;
                log.warn("Asset links are relative because the request's host '{}' is neither loopback nor in "
                        + "ANNOTRAIL_ALLOWED_HOSTS; set ANNOTRAIL_PUBLIC_URL (or ANNOTRAIL_ALLOWED_HOSTS) to give "
                        + "clients absolute links", printable(request.getServerName()));
            }
            return request.getContextPath();
        }
        return "";
    }

    private static volatile boolean warnedAboutHost;

    /** Loopback names and addresses, or an allowed entry: {@code name} (any port) or {@code name:port}. */
    static boolean hostAllowed(String host, int port, List<String> allowed) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("[::1]") || name.equals("::1")
                || LOOPBACK_V4.matcher(name).matches()) {
            return true;
        }
        return allowed.contains(name) || allowed.contains(name + ":" + port);
    }

    private static final Pattern LOOPBACK_V4 =
            Pattern.compile("127\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){2}");

    private static String printable(String host) {
        String cleaned = host == null ? "" : host.replaceAll("[^A-Za-z0-9.:\\[\\]-]", "?");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }
}
