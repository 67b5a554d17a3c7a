package io.annotrail.domain.common;

import tools.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * The one rule for text that may enter the event log: PostgreSQL must be able to store it in every read model.
 * It cannot store U+0000 (NUL) in {@code text} nor {@code \u0000} in {@code jsonb}, and a lone UTF-16 surrogate has
 * no UTF-8 form (jsonb refuses its escape; a text column would get it replaced). An event carrying either is
 * accepted by the log (bytea) and then refused by a projection, so such input is refused before it becomes an event.
 */
public final class StorableText {

    /** Longest dead-letter cause message kept; the full exception is in the log. */
    public static final int MAX_CAUSE_LENGTH = 4000;

    private StorableText() {
    }

    /** Why {@code text} cannot be stored, or {@code null} when it can. */
    public static String problem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains U+0000 (NUL), which cannot be stored";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains a lone surrogate (U+" + hex(c) + "), which is not valid Unicode text";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains a lone surrogate (U+" + hex(c) + "), which is not valid Unicode text";
            }
        }
        return null;
    }

    /**
     * A string value or object key of {@code node} that cannot be stored, as a violation whose path is the JSON
     * pointer {@code pointer} extended into the node; {@code null} when everything can be stored.
     */
    public static Violation firstProblem(JsonNode node, String pointer) {
        if (node == null) {
            return null;
        }
        // Iterative: a depth limit applies at parsing, but trees built in code have none.
        Deque<Map.Entry<String, JsonNode>> todo = new ArrayDeque<>();
        todo.push(Map.entry(pointer, node));
        while (!todo.isEmpty()) {
            var next = todo.pop();
            JsonNode value = next.getValue();
            if (value.isString()) {
                String problem = problem(value.asString());
                if (problem != null) {
                    return new Violation(next.getKey(), problem);
                }
            } else if (value.isObject()) {
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    String path = next.getKey() + "/" + escape(field.getKey());
                    String problem = problem(field.getKey());
                    if (problem != null) {
                        return new Violation(path, "the key " + problem);
                    }
                    todo.push(Map.entry(path, field.getValue()));
                }
            } else if (value.isArray()) {
                Iterator<JsonNode> elements = value.iterator();
                for (int i = 0; elements.hasNext(); i++) {
                    todo.push(Map.entry(next.getKey() + "/" + i, elements.next()));
                }
            }
        }
        return null;
    }

    /**
     * {@code text} made storable for diagnostics (a dead letter's cause): NUL dropped, lone surrogates replaced by
     * U+FFFD, cut to {@code maxLength} characters (never between the halves of a surrogate pair).
     */
    public static String clean(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength));
        for (int i = 0; i < text.length() && out.length() < maxLength; i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out.length() + 2 > maxLength) {
                    break;
                }
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** RFC 6901 escaping of one reference token. */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
