package io.annotrail.command.prelabel;

import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Whether a response schema can be sent with {@code strict: true}. OpenAI's strict structured output accepts only a
 * subset of JSON Schema: every object closed ({@code additionalProperties: false}) with all its properties required,
 * and none of the keywords below. Anything else is sent non-strict, which still guides the model; the reply is
 * validated against the full schema either way, so strictness only changes how often a reply fails.
 */
final class StrictSchemas {

    private static final Set<String> UNSUPPORTED = Set.of("allOf", "oneOf", "not", "if", "then", "else",
            "patternProperties", "dependentRequired", "dependentSchemas", "dependencies", "unevaluatedProperties",
            "unevaluatedItems", "propertyNames", "minProperties", "maxProperties", "contains", "prefixItems",
            "$dynamicRef", "$recursiveRef");

    private StrictSchemas() {
    }

    static boolean supported(JsonNode schema) {
        return schema != null && schema.isObject() && check(schema, 0);
    }

    private static boolean check(JsonNode schema, int depth) {
        if (depth > 32) {
            return false;
        }
        if (!schema.isObject()) {
            return false;
        }
        for (String keyword : schema.propertyNames()) {
            if (UNSUPPORTED.contains(keyword)) {
                return false;
            }
        }
        JsonNode properties = schema.get("properties");
        boolean object = "object".equals(schema.path("type").asString(null)) || properties != null;
        if (object) {
            JsonNode additional = schema.get("additionalProperties");
            if (additional == null || !additional.isBoolean() || additional.asBoolean()) {
                return false;
            }
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(name -> required.add(name.asString()));
            if (properties != null) {
                for (Map.Entry<String, JsonNode> property : properties.properties()) {
                    if (!required.contains(property.getKey()) || !check(property.getValue(), depth + 1)) {
                        return false;
                    }
                }
            }
        }
        JsonNode items = schema.get("items");
        if (items != null && !check(items, depth + 1)) {
            return false;
        }
        for (String container : new String[]{"$defs", "definitions"}) {
            JsonNode defs = schema.get(container);
            if (defs != null && defs.isObject()) {
                for (Map.Entry<String, JsonNode> def : defs.properties()) {
                    if (!check(def.getValue(), depth + 1)) {
                        return false;
                    }
                }
            }
        }
        JsonNode anyOf = schema.get("anyOf");
        if (anyOf != null && anyOf.isArray()) {
            for (JsonNode option : anyOf) {
                if (!check(option, depth + 1)) {
                    return false;
                }
            }
        }
        return true;
    }
}
