package io.annotrail.app.asset;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Where assets live and how they are handed out. With a Blob connection string the store is Azure Blob Storage;
 * without one it is a directory under the data directory, served by the app itself through signed URLs.
 *
 * @param maxBytes      largest upload accepted
 * @param urlTtl        lifetime of a signed URL handed out by the API (minutes: never a permanent link)
 * @param signingKey    HMAC key of the local store's URLs; blank = a key generated once and kept in the data dir
 * @param publicBaseUrl how clients reach the app (scheme, host, port, context path) when it sits behind a proxy;
 *                      blank = derived from the request that asks for the URL
 * @param blob          Azure Blob Storage settings
 */
@ConfigurationProperties("annotrail.assets")
public record AssetProperties(long maxBytes, Duration urlTtl, String signingKey, String publicBaseUrl, Blob blob) {

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
