package io.annotrail.app.asset;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The only keys an {@link io.annotrail.command.asset.AssetStore} accepts: {@code <area>/<uuid>[.<ext>]}, lower case.
 * The pattern admits no separators other than the one slash, no dots but the extension's, nothing that could
 * climb out of a directory or name a hidden file, so a key is safe as a relative path and as a blob name.
 */
public final class AssetKeys {

    private static final Pattern KEY = Pattern.compile(
            "[a-z][a-z0-9-]{0,31}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\\.[a-z0-9]{1,10})?");
    private static final Pattern AREA = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");

    private AssetKeys() {
    }

    public static boolean isValid(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** @throws IllegalArgumentException for anything but a well-formed key (a programming error, never user input) */
    public static String requireValid(String key) {
        if (!isValid(key)) {
            throw new IllegalArgumentException("not a valid asset key: " + printable(key));
        }
        return key;
    }

    /** A new key in an area ({@code uploads}, {@code exports}, ...), with an optional extension. */
    public static String of(String area, UUID id, String extension) {
        if (!AREA.matcher(area).matches()) {
            throw new IllegalArgumentException("not a valid asset area: " + printable(area));
        }
        if (extension != null && !EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("not a valid asset extension: " + printable(extension));
        }
        return area + "/" + id + (extension == null ? "" : "." + extension);
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
