package io.annotrail.app.asset;

import io.annotrail.command.asset.AssetStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What both stores share: an upload and a streamed write are the same operation, a source of bytes written
 * through one path that measures, hashes and detects the content type as the bytes go by.
 */
abstract class StreamingAssetStore implements AssetStore {

    @Override
    public final StoredAsset put(String key, InputStream content, long maxBytes, String contentType) throws IOException {
        return store(key, contentType, maxBytes, content::transferTo);
    }

    @Override
    public final StoredAsset write(String key, String contentType, ContentWriter writer) throws IOException {
        return store(key, contentType, Long.MAX_VALUE, out -> {
            // Writers may write a byte at a time; hashing, detection and storage want chunks.
            BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
            writer.writeTo(new NonClosingOutputStream(buffered));
            buffered.flush();
        });
    }

    /** Stores what the source writes under the key, refusing more than {@code maxBytes}. */
    abstract StoredAsset store(String key, String declaredType, long maxBytes, ContentWriter source) throws IOException;
}
