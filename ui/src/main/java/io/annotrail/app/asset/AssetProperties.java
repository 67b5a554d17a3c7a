package io.annotrail.app.asset;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Where assets live and how they are handed out. With a Blob connection string the store is Azure Blob Storage;
 * without one it is a directory under the data directory, served by the app itself through signed URLs.
 *
 * @param maxBytes      largest upload accepted
 * @param urlTtl        lifetime of a signed URL handed out by the API (minutes: never a permanent link)
 * @param signingKey    HMAC key of the local store's URLs; blank = a key generated once and kept in the data dir
 * @param publicBaseUrl how clients reach the app (scheme, host, port, context path) when it sits behind a proxy;
 *                      blank = derived from the request that asks for the URL, if its host is allowed
 * @param blob          Azure Blob Storage settings
 * @param allowedHosts  with no public URL: the hosts ({@code name} or {@code name:port}) besides loopback ones whose
 *                      {@code Host} header may be used to build links
 */
@ConfigurationProperties("annotrail.assets")
public record AssetProperties(long maxBytes, Duration urlTtl, String signingKey, String publicBaseUrl, Blob blob,
                              List<String> allowedHosts) {

    /** Room for the multipart envelope (boundaries, part headers) around the largest file. */
    static final long MULTIPART_ENVELOPE_BYTES = 64 * 1024;

    public AssetProperties {
        if (maxBytes <= 0) {
            maxBytes = 50L * 1024 * 1024;
        }
        if (urlTtl == null || urlTtl.isNegative() || urlTtl.isZero()) {
            urlTtl = Duration.ofMinutes(10);
        }
        if (blob == null) {
            blob = new Blob(null, null);
        }
        allowedHosts = allowedHosts == null ? List.of() : allowedHosts.stream()
                .map(String::strip).filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /** The largest upload request body: the file plus its multipart envelope. */
    public long maxUploadRequestBytes() {
        return maxBytes + MULTIPART_ENVELOPE_BYTES;
    }

    public record Blob(String connectionString, String container) {
        public Blob {
            if (container == null || container.isBlank()) {
                container = "annotrail";
            }
        }

        public boolean configured() {
            return connectionString != null && !connectionString.isBlank();
        }
    }
}
