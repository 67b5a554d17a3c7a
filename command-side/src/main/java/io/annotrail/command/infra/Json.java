package io.annotrail.command.infra;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Canonical text and content hashes of JSON trees (Jackson 3). */
public final class Json {

    private static final JsonMapper PLAIN = JsonMapper.builder().build();
    // Sorted properties make the hash independent of key order, so a retried request that a client
    // re-serialized differently is still recognised as the same content.
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    private Json() {
    }

    public static String write(JsonNode node) {
        return PLAIN.writeValueAsString(node);
    }

    public static JsonNode read(String json) {
        return PLAIN.readTree(json);
    }

    public static String canonical(JsonNode node) {
        return CANONICAL.writeValueAsString(node);
    }

    /** Hex SHA-256 of the canonical form; {@code null} hashes like the JSON literal null. */
    public static String sha256(JsonNode node) {
        return sha256(node == null ? "null" : canonical(node));
    }

    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
