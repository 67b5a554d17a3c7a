package io.annotrail.app.asset;

import java.util.Locale;
import java.util.Set;

/**
 * A content type the platform is willing to serve, and how. Only raster images may be shown inline: everything
 * else (PDF, which can run script in some viewers, text, media) leaves as an attachment; markup never gets a type
 * a browser would render.
 *
 * @param mediaType the Content-Type header value
 * @param extension the file name extension that goes with it
 * @param inline    whether a browser may display it in place
 */
record ContentType(String mediaType, String extension, boolean inline) {

    static final ContentType PNG = new ContentType("image/png", "png", true);
    static final ContentType JPEG = new ContentType("image/jpeg", "jpg", true);
    static final ContentType GIF = new ContentType("image/gif", "gif", true);
    static final ContentType WEBP = new ContentType("image/webp", "webp", true);
    static final ContentType PDF = new ContentType("application/pdf", "pdf", false);
    static final ContentType WAV = new ContentType("audio/wav", "wav", false);
    static final ContentType MP3 = new ContentType("audio/mpeg", "mp3", false);
    static final ContentType MP4 = new ContentType("video/mp4", "mp4", false);
    static final ContentType M4A = new ContentType("audio/mp4", "m4a", false);
    static final ContentType TEXT = new ContentType("text/plain; charset=utf-8", "txt", false);
    static final ContentType JSON = new ContentType("application/json", "json", false);
    static final ContentType BINARY = new ContentType("application/octet-stream", "bin", false);

    /** Text formats a platform writer (an export) may declare for bytes that were detected as UTF-8 text. */
    private static final Set<ContentType> DECLARABLE_TEXT = Set.of(
            new ContentType("text/csv; charset=utf-8", "csv", false),
            new ContentType("text/tab-separated-values; charset=utf-8", "tsv", false),
            new ContentType("application/x-ndjson", "jsonl", false),
            JSON, TEXT);

    private static final Set<ContentType> KNOWN = Set.of(PNG, JPEG, GIF, WEBP, PDF, WAV, MP3, MP4, M4A, TEXT, JSON, BINARY);

    /**
     * The type to record: the bytes decide. A declaration can only narrow UTF-8 text to another text format that
     * no browser renders (CSV, JSON Lines); it can never turn bytes into markup or an image.
     */
    static ContentType reconcile(ContentType detected, String declared) {
        if (declared == null || !(detected.equals(TEXT) || detected.equals(JSON))) {
            return detected;
        }
        String base = baseOf(declared);
        return DECLARABLE_TEXT.stream().filter(t -> baseOf(t.mediaType).equals(base)).findFirst().orElse(detected);
    }

    /**
     * How a stored type is served. Types this class did not produce (a blob written by another tool, a metadata
     * file edited by hand) are served as opaque bytes rather than trusted.
     */
    static ContentType forServing(String recorded) {
        if (recorded == null) {
            return BINARY;
        }
        String base = baseOf(recorded);
        for (ContentType t : KNOWN) {
            if (baseOf(t.mediaType).equals(base)) {
                return t;
            }
        }
        return DECLARABLE_TEXT.stream().filter(t -> baseOf(t.mediaType).equals(base)).findFirst().orElse(BINARY);
    }

    private static String baseOf(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
