package io.annotrail.app.asset;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.core.json.JsonFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Decides what content is from its bytes alone, fed chunk by chunk while the content streams to the store (so a
 * 50 MiB upload is never held in memory). Magic numbers identify the binary formats we accept; anything else is
 * text only if every byte is well-formed UTF-8 without control characters, JSON only if it is exactly one object
 * or array, and markup (HTML, SVG, XML) is deliberately left as opaque bytes so that no browser ever renders it.
 * File names and declared types play no part.
 */
final class ContentDetector {

    private static final int HEAD_BYTES = 16;
    private static final int MARKUP_SCAN_BYTES = 1024;
    private static final String[] MARKUP_MARKERS = {"<!doctype", "<html", "<head", "<body", "<script", "<svg",
            "<?xml", "<iframe", "<object", "<embed", "<style", "<meta", "<link", "<xsl", "<math"};
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final byte[] head = new byte[HEAD_BYTES];
    private final byte[] markupScan = new byte[MARKUP_SCAN_BYTES];
    private long count;

    private boolean text = true;
    private final Utf8Validator utf8 = new Utf8Validator();

    private JsonParser json;
    private boolean jsonPossible = true;
    private int jsonRootValues;

    void update(byte[] buf, int off, int len) {
        for (int i = 0; i < len && count + i < MARKUP_SCAN_BYTES; i++) {
            if (count + i < HEAD_BYTES) {
                head[(int) (count + i)] = buf[off + i];
            }
            markupScan[(int) (count + i)] = buf[off + i];
        }
        count += len;
        if (text && !utf8.accept(buf, off, len)) {
            text = false;
        }
        if (text && jsonPossible) {
            feedJson(buf, off, len);
        } else {
            closeJson();
        }
    }

    ContentType result() {
        ContentType magic = magic();
        if (magic != null) {
            closeJson();
            return magic;
        }
        if (!text || !utf8.complete()) {
            closeJson();
            return ContentType.BINARY;
        }
        if (looksLikeMarkup()) {
            closeJson();
            return ContentType.BINARY;
        }
        boolean isJson = finishJson();
        return isJson ? ContentType.JSON : ContentType.TEXT;
    }

    private ContentType magic() {
        int n = (int) Math.min(count, HEAD_BYTES);
        if (startsWith(n, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return ContentType.PNG;
        }
        if (startsWith(n, 0, 0xFF, 0xD8, 0xFF)) {
            return ContentType.JPEG;
        }
        if (startsWith(n, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(n, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return ContentType.GIF;
        }
        if (startsWith(n, 0, 'R', 'I', 'F', 'F') && startsWith(n, 8, 'W', 'E', 'B', 'P')) {
            return ContentType.WEBP;
        }
        if (startsWith(n, 0, 'R', 'I', 'F', 'F') && startsWith(n, 8, 'W', 'A', 'V', 'E')) {
            return ContentType.WAV;
        }
        if (startsWith(n, 0, '%', 'P', 'D', 'F', '-')) {
            return ContentType.PDF;
        }
        if (startsWith(n, 0, 'I', 'D', '3')) {
            return ContentType.MP3;
        }
        // An MPEG audio frame header: 11 sync bits, a version other than "reserved", layer III.
        if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0
                && (head[1] & 0x18) != 0x08 && (head[1] & 0x06) == 0x02) {
            return ContentType.MP3;
        }
        if (startsWith(n, 4, 'f', 't', 'y', 'p')) {
            return startsWith(n, 8, 'M', '4', 'A', ' ') || startsWith(n, 8, 'M', '4', 'B', ' ')
                    ? ContentType.M4A : ContentType.MP4;
        }
        return null;
    }

    private boolean startsWith(int available, int offset, int... expected) {
        if (available < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Markup anywhere near the start: browsers that sniff look there, so do we. */
    private boolean looksLikeMarkup() {
        int n = (int) Math.min(count, MARKUP_SCAN_BYTES);
        String start = new String(markupScan, 0, n, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (start.stripLeading().replace("\uFEFF", "").startsWith("<")) {
            return true;
        }
        for (String marker : MARKUP_MARKERS) {
            if (start.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    private void feedJson(byte[] buf, int off, int len) {
        try {
            if (json == null) {
                json = JSON.createNonBlockingByteArrayParser(ObjectReadContext.empty());
            }
            // The parser may keep a reference to the array until it asks for more; the caller reuses its buffer.
            ((ByteArrayFeeder) json.nonBlockingInputFeeder()).feedInput(Arrays.copyOfRange(buf, off, off + len), 0, len);
            drainJson();
        } catch (RuntimeException notJson) {
            jsonPossible = false;
            closeJson();
        }
    }

    private boolean finishJson() {
        if (!jsonPossible || json == null) {
            return false;
        }
        try {
            ((ByteArrayFeeder) json.nonBlockingInputFeeder()).endOfInput();
            drainJson();
            return jsonPossible && jsonRootValues == 1;
        } catch (RuntimeException notJson) {
            return false;
        } finally {
            closeJson();
        }
    }

    private void drainJson() {
        JsonToken token;
        while ((token = json.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            boolean atRoot = json.streamReadContext().inRoot();
            if (atRoot && (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY)) {
                jsonRootValues++;
            } else if (atRoot && token.isScalarValue()) {
                jsonPossible = false; // a bare string or number is text, not a JSON document
            } else if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && jsonRootValues > 0) {
                jsonPossible = false; // a second document: JSON Lines or concatenated JSON, not one JSON value
            }
            if (!jsonPossible) {
                closeJson();
                return;
            }
        }
    }

    private void closeJson() {
        if (json != null) {
            try {
                json.close();
            } catch (RuntimeException ignored) {
                // nothing to release but buffers
            }
            json = null;
        }
    }

    /**
     * Streaming UTF-8 well-formedness (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) that
     * also rejects the C0 controls other than tab, line feed, form feed and carriage return, and DEL: a file with
     * those is binary whatever its encoding.
     */
    static final class Utf8Validator {
        private int pending;
        private int lower = 0x80;
        private int upper = 0xBF;

        boolean accept(byte[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                int b = buf[i] & 0xFF;
                if (pending > 0) {
                    if (b < lower || b > upper) {
                        return false;
                    }
                    lower = 0x80;
                    upper = 0xBF;
                    pending--;
                } else if (b < 0x80) {
                    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r') || b == 0x7F) {
                        return false;
                    }
                } else if (b >= 0xC2 && b <= 0xDF) {
                    pending = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    pending = 2;
                    if (b == 0xE0) {
                        lower = 0xA0;
                    } else if (b == 0xED) {
                        upper = 0x9F;
                    }
                } else if (b >= 0xF0 && b <= 0xF4) {
                    pending = 3;
                    if (b == 0xF0) {
                        lower = 0x90;
                    } else if (b == 0xF4) {
                        upper = 0x8F;
                    }
                } else {
                    return false;
                }
            }
            return true;
        }

        boolean complete() {
            return pending == 0;
        }
    }
}
