package io.annotrail.app.asset;

import tools.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The opaque handle task data uses for an uploaded asset: {@code asset:<uuid>}. It names the asset, never where or
 * how it is stored, so the same task data works with either store and cannot point outside the platform.
 */
final class AssetRef {

    static final String PREFIX = "asset:";
    private static final Pattern REF = Pattern.compile(
            "asset:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

    private AssetRef() {
    }

    static String of(UUID id) {
        return PREFIX + id;
    }

    /**
     * Every string value in the JSON that is exactly an asset reference, in document order, keyed by asset id and
     * mapped to the reference as written (so the answer can be looked up with the string the data holds); at most
     * {@code limit} distinct references, which bounds the work one task can cause.
     */
    static Map<UUID, String> collect(JsonNode data, int limit) {
        Map<UUID, String> refs = new LinkedHashMap<>();
        if (data == null) {
            return refs;
        }
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(data);
        while (!pending.isEmpty() && refs.size() < limit) {
            JsonNode node = pending.pop();
            if (node.isString()) {
                Matcher m = REF.matcher(node.asString());
                if (m.matches()) {
                    refs.putIfAbsent(UUID.fromString(m.group(1)), node.asString());
                }
            } else if (node.isContainer()) {
                // Pushed in reverse so that the first reference in the document is the first found.
                Object[] children = node.values().toArray();
                for (int i = children.length - 1; i >= 0; i--) {
                    pending.push((JsonNode) children[i]);
                }
            }
        }
        return refs;
    }
}
