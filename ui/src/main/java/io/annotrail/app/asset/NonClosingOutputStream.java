package io.annotrail.app.asset;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Handed to a {@link io.annotrail.command.asset.AssetStore.ContentWriter}: writers often close what they write to
 * (a try-with-resources around a Writer), but the store still has to flush, sync and commit after the writer is
 * done, so close only flushes.
 */
final class NonClosingOutputStream extends FilterOutputStream {

    NonClosingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
