package io.annotrail.app.asset;

import org.springframework.http.ContentDisposition;

/**
 * File names offered to browsers. Names come from clients (the uploaded file's name) or from platform code, so
 * they are reduced to a plain ASCII base name without any path, quote or control character, and the extension
 * always comes from the detected type: a file detected as text can never be saved as {@code .html}.
 */
final class DownloadNames {

    private static final int MAX_BASE_LENGTH = 100;

    private DownloadNames() {
    }

    /** A safe file name built from a client-given name and the extension the bytes justify. */
    static String forType(String given, String extension) {
        String base = baseName(given);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        return (base.isEmpty() ? "asset" : base) + "." + extension;
    }

    /** A safe file name for one chosen by platform code, keeping its extension if it has a plain one. */
    static String sanitize(String given) {
        String name = baseName(given);
        return name.isEmpty() ? "asset" : name;
    }

    static String contentDisposition(boolean inline, String fileName) {
        ContentDisposition.Builder builder = inline ? ContentDisposition.inline() : ContentDisposition.attachment();
        return builder.filename(sanitize(fileName)).build().toString();
    }

    private static String baseName(String given) {
        if (given == null) {
            return "";
        }
        String last = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1);
        StringBuilder safe = new StringBuilder();
        for (char c : last.toCharArray()) {
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            safe.append(plain ? c : '_');
        }
        String name = safe.toString().replaceAll("^[._]+", "").replaceAll("_{2,}", "_");
        if (name.length() > MAX_BASE_LENGTH) {
            name = name.substring(0, MAX_BASE_LENGTH);
        }
        return name;
    }
}
