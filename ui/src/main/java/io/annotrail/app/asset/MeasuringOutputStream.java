package io.annotrail.app.asset;

import io.annotrail.command.asset.AssetStore.StoredAsset;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Sits between content and a store: counts bytes and refuses the one past the limit before it is written, computes
 * the SHA-256 and detects the content type from the bytes as they pass, so both adapters describe what they stored
 * the same way without a second read.
 */
final class MeasuringOutputStream extends FilterOutputStream {

    private final long maxBytes;
    private final MessageDigest sha256;
    private final ContentDetector detector = new ContentDetector();
    private long size;

    MeasuringOutputStream(OutputStream target, long maxBytes) {
        super(target);
        this.maxBytes = maxBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        if (size + len > maxBytes) {
            throw new DomainException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "the asset exceeds the limit of " + maxBytes + " bytes");
        }
        size += len;
        sha256.update(buf, off, len);
        detector.update(buf, off, len);
        out.write(buf, off, len);
    }

    /** Call once, after the last byte: what was stored, typed by its bytes (narrowed by a declaration if allowed). */
    StoredAsset describe(String key, String declaredContentType) {
        ContentType type = ContentType.reconcile(detector.result(), declaredContentType);
        return new StoredAsset(key, type.mediaType(), size, HexFormat.of().formatHex(sha256.digest()));
    }
}
