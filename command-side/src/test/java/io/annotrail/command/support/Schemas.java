package io.annotrail.command.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON literals for tests. */
public final class Schemas {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** A label (one of cat/dog) is required; an optional confidence between 0 and 1. */
    public static final String LABEL_SCHEMA = """
            {"type": "object",
             "properties": {"label": {"type": "string", "enum": ["cat", "dog"]},
                            "confidence": {"type": "number", "minimum": 0, "maximum": 1}},
             "required": ["label"],
             "additionalProperties": false}""";

    private Schemas() {
    }

    public static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    public static JsonNode labelSchema() {
        return json(LABEL_SCHEMA);
    }
}
