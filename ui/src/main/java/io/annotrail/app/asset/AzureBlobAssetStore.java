package io.annotrail.app.asset;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.sas.SasProtocol;
import io.annotrail.command.asset.AssetStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assets as block blobs in one container per deployment, handed out as service SAS URLs: read permission on one
 * blob, a short expiry, and a {@code Content-Disposition: attachment} override so the blob endpoint never renders
 * content in place.
 *
 * <p>Content is staged in blocks as it streams (bounded memory whatever the size) and becomes visible only when the
 * block list is committed together with its type and SHA-256; content that fails half-way (too large, a writer
 * error) is never committed and the service discards the staged blocks.
 */
public final class AzureBlobAssetStore extends StreamingAssetStore {

    static final int BLOCK_BYTES = 4 * 1024 * 1024;
    private static final String SHA256_METADATA = "sha256";

    private final BlobContainerClient container;
    private final Clock clock;
    private final SasProtocol protocol;

    AzureBlobAssetStore(BlobContainerClient container, Clock clock) {
        this.container = container;
        this.clock = clock;
        // The emulator speaks plain HTTP; a real account is reached over HTTPS and its URLs must stay on HTTPS.
        this.protocol = container.getBlobContainerUrl().startsWith("https:") ? SasProtocol.HTTPS_ONLY : SasProtocol.HTTPS_HTTP;
    }

    /**
     * Connects with an account-key connection string (SAS signing needs the key) and creates the container if it
     * does not exist yet.
     */
    public static AzureBlobAssetStore connect(String connectionString, String containerName, Clock clock) {
        if (!connectionString.contains("AccountKey=")) {
            throw new IllegalStateException("ANNOTRAIL_BLOB_CONNECTION_STRING needs an AccountKey: signed URLs are "
                    + "signed with the account key");
        }
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(connectionString)
                .httpClient(new JdkHttpClientBuilder().build())
                .buildClient()
                .getBlobContainerClient(containerName);
        container.createIfNotExists();
        return new AzureBlobAssetStore(container, clock);
    }

    @Override
    StoredAsset store(String key, String declaredType, long maxBytes, ContentWriter source) throws IOException {
        BlockBlobClient blob = blob(key).getBlockBlobClient();
        BlockStager stager = new BlockStager(blob);
        StoredAsset stored;
        try (MeasuringOutputStream out = new MeasuringOutputStream(stager, maxBytes)) {
            source.writeTo(out);
            out.flush();
            stored = out.describe(key, declaredType);
        }
        try {
            blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(stager.finish())
                            .setHeaders(new BlobHttpHeaders().setContentType(stored.contentType())
                                    .setContentDisposition("attachment"))
                            .setMetadata(Map.of(SHA256_METADATA, stored.sha256())),
                    null, Context.NONE);
        } catch (BlobStorageException e) {
            throw new IOException("could not commit asset " + key + ": " + e.getErrorCode(), e);
        }
        return stored;
    }

    @Override
    public Optional<StoredAsset> describe(String key) {
        try {
            BlobProperties p = blob(key).getProperties();
            return Optional.of(new StoredAsset(key, p.getContentType(), p.getBlobSize(),
                    p.getMetadata() == null ? "" : p.getMetadata().getOrDefault(SHA256_METADATA, "")));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return blob(key).openInputStream();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                throw new NoSuchFileException(key);
            }
            throw new IOException("could not open asset " + key + ": " + e.getErrorCode(), e);
        }
    }

    @Override
    public URI signedUrl(String key, Duration ttl, String downloadFileName) {
        BlobClient blob = blob(key);
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(
                clock.instant().plus(ttl).atOffset(ZoneOffset.UTC), new BlobSasPermission().setReadPermission(true))
                .setProtocol(protocol)
                .setContentDisposition(DownloadNames.contentDisposition(false, downloadFileName));
        return URI.create(blob.getBlobUrl() + "?" + blob.generateSas(values));
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            blob(key).deleteIfExists();
        } catch (BlobStorageException e) {
            throw new IOException("could not delete asset " + key + ": " + e.getErrorCode(), e);
        }
    }

    private BlobClient blob(String key) {
        return container.getBlobClient(AssetKeys.requireValid(key));
    }

    /** Buffers one block at a time and stages it; {@link #finish()} stages the rest and answers the block list. */
    private static final class BlockStager extends OutputStream {
        private final BlockBlobClient blob;
        private final List<String> blockIds = new ArrayList<>();
        private final byte[] buffer = new byte[BLOCK_BYTES];
        private int filled;

        BlockStager(BlockBlobClient blob) {
            this.blob = blob;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == buffer.length) {
                    stage();
                }
            }
        }

        List<String> finish() throws IOException {
            if (filled > 0) {
                stage();
            }
            return blockIds;
        }

        private void stage() throws IOException {
            // Block ids must all have the same length within a blob.
            String id = Base64.getEncoder().encodeToString(
                    String.format("block-%08d", blockIds.size()).getBytes(StandardCharsets.US_ASCII));
            try {
                blob.stageBlock(id, BinaryData.fromBytes(java.util.Arrays.copyOf(buffer, filled)));
            } catch (BlobStorageException e) {
                throw new IOException("could not stage a block: " + e.getErrorCode(), e);
            }
            blockIds.add(id);
            filled = 0;
        }
    }
}
