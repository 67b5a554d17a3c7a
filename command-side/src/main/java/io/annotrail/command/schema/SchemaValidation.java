package io.annotrail.command.schema;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.annotrail.command.infra.Json;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Violation;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks response schemas against the platform's safety rules and validates responses against them.
 * <p>
 * A schema is accepted only if it is a JSON object with {@code "type": "object"} at the root, at most
 * {@value #MAX_SCHEMA_BYTES} bytes serialized, at most {@value #MAX_DEPTH} levels deep, refers only to
 * itself ({@code $ref}/{@code $dynamicRef} start with {@code #}, no {@code $id} with a scheme), names a
 * known draft in {@code $schema} if any, has only patterns RE2J can compile (each at most
 * {@value #MAX_PATTERN_LENGTH} characters) and is itself valid against the draft 2020-12 meta-schema.
 * Validation uses RE2J for every regular expression and a loader that refuses every remote load.
 * <p>
 * Compiled schemas are cached (bounded, least recently used first out): submitting is the hot path and
 * compiling a schema costs far more than evaluating it. Schema versions are immutable, so a cache entry
 * never goes stale.
 */
@Component
public class SchemaValidation {

    public static final int MAX_SCHEMA_BYTES = 64 * 1024;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_PATTERN_LENGTH = 1000;
    static final int CACHE_SIZE = 256;

    private static final Set<String> KNOWN_DRAFTS = Set.of(
            "http://json-schema.org/draft-04/schema",
            "http://json-schema.org/draft-06/schema",
            "http://json-schema.org/draft-07/schema",
            "https://json-schema.org/draft/2019-09/schema",
            "https://json-schema.org/draft/2020-12/schema");
    private static final Pattern HAS_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Set<String> REFERENCE_KEYWORDS = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    private static final Set<String> SCHEMA_MAP_KEYWORDS = Set.of(
            "properties", "patternProperties", "$defs", "definitions", "dependentSchemas");
    private static final Set<String> SCHEMA_KEYWORDS = Set.of(
            "additionalProperties", "additionalItems", "items", "contains", "not", "if", "then", "else",
            "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema");
    private static final Set<String> SCHEMA_ARRAY_KEYWORDS = Set.of("prefixItems", "allOf", "anyOf", "oneOf", "items");

    private static final ObjectMapper JACKSON2 = new ObjectMapper();
    private static final Comparator<Violation> ORDER =
            Comparator.comparing(Violation::path).thenComparing(Violation::message);

    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private volatile JsonSchema metaSchema;
    private final Map<String, JsonSchema> byContentHash = lruMap();
    private final Map<VersionKey, JsonSchema> byProjectVersion = lruMap();

    private record VersionKey(ProjectId projectId, int version) {
    }

    public SchemaValidation() {
        LocalOnlySchemaLoader loader = new LocalOnlySchemaLoader();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.add(loader)));
        this.config = SchemaValidatorsConfig.builder()
                .regularExpressionFactory(Re2jRegularExpressionFactory.INSTANCE)
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(false)
                .build();
    }

    /** Every reason the schema is not acceptable as a response schema; empty when it is. */
    public List<Violation> checkSchema(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return List.of(new Violation("", "the response schema must be a JSON object"));
        }
        String text = Json.write(schema);
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_SCHEMA_BYTES) {
            return List.of(new Violation("", "the response schema is larger than " + MAX_SCHEMA_BYTES + " bytes"));
        }
        if (depth(schema) > MAX_DEPTH) {
            return List.of(new Violation("", "the response schema is nested deeper than " + MAX_DEPTH + " levels"));
        }
        List<Violation> violations = new ArrayList<>();
        JsonNode type = schema.get("type");
        if (type == null || !type.isString() || !"object".equals(type.asString())) {
            violations.add(new Violation("/type", "the root of the response schema must have \"type\": \"object\""));
        }
        checkReferences(schema, "", violations);
        checkPatterns(schema, "", violations);
        if (!violations.isEmpty()) {
            return sorted(violations);
        }
        com.fasterxml.jackson.databind.JsonNode legacy;
        try {
            legacy = JACKSON2.readTree(text);
        } catch (JacksonException e) {
            return List.of(new Violation("", "the response schema cannot be read: " + e.getOriginalMessage()));
        }
        violations.addAll(toViolations(metaSchema().validate(legacy)));
        if (!violations.isEmpty()) {
            return sorted(violations);
        }
        try {
            compile(legacy);
        } catch (RuntimeException e) {
            return List.of(new Violation("", "the response schema cannot be compiled: " + e.getMessage()));
        }
        return List.of();
    }

    /** Throws SCHEMA_INVALID with the violations unless {@link #checkSchema} finds none. */
    public void requireValidSchema(JsonNode schema) {
        List<Violation> violations = checkSchema(schema);
        if (!violations.isEmpty()) {
            throw new DomainException(ErrorCode.SCHEMA_INVALID, "the response schema is not acceptable", violations);
        }
    }

    /**
     * Validates a response against a schema that passed {@link #checkSchema}; compiled schemas are cached by
     * content hash.
     */
    public List<Violation> validateResponse(JsonNode schema, JsonNode response) {
        String text = Json.write(schema);
        String key = Json.sha256(text);
        JsonSchema compiled = cached(byContentHash, key, () -> compile(readLegacy(text)));
        return validate(compiled, response);
    }

    /**
     * Validates a response against version {@code version} of a project's schema; the schema is fetched only
     * when that version is not compiled yet (versions never change once stored).
     */
    public List<Violation> validateResponse(ProjectId projectId, int version, Supplier<JsonNode> schema,
                                            JsonNode response) {
        JsonSchema compiled = cached(byProjectVersion, new VersionKey(projectId, version),
                () -> compile(readLegacy(Json.write(schema.get()))));
        return validate(compiled, response);
    }

    private List<Violation> validate(JsonSchema compiled, JsonNode response) {
        if (response == null) {
            return List.of(new Violation("", "a response is required"));
        }
        com.fasterxml.jackson.databind.JsonNode legacy;
        try {
            legacy = JACKSON2.readTree(Json.write(response));
        } catch (JacksonException e) {
            return List.of(new Violation("", "the response cannot be read: " + e.getOriginalMessage()));
        }
        return sorted(toViolations(compiled.validate(legacy)));
    }

    private JsonSchema compile(com.fasterxml.jackson.databind.JsonNode schema) {
        JsonSchema compiled = factory.getSchema(schema, config);
        compiled.initializeValidators();
        return compiled;
    }

    private JsonSchema metaSchema() {
        JsonSchema current = metaSchema;
        if (current == null) {
            current = factory.getSchema(SchemaLocation.of(SchemaId.V202012), config);
            current.initializeValidators();
            metaSchema = current;
        }
        return current;
    }

    private static com.fasterxml.jackson.databind.JsonNode readLegacy(String text) {
        try {
            return JACKSON2.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalStateException("stored schema is not readable JSON", e);
        }
    }

    private static List<Violation> toViolations(Collection<ValidationMessage> messages) {
        List<Violation> violations = new ArrayList<>(messages.size());
        for (ValidationMessage message : messages) {
            String path = message.getInstanceLocation() == null ? "" : message.getInstanceLocation().toString();
            violations.add(new Violation(path, message.getError()));
        }
        return violations;
    }

    private static List<Violation> sorted(List<Violation> violations) {
        return violations.stream().distinct().sorted(ORDER).toList();
    }

    private static int depth(JsonNode root) {
        record Frame(JsonNode node, int depth) {
        }
        int max = 0;
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root, 1));
        while (!stack.isEmpty()) {
            Frame frame = stack.pop();
            if (!frame.node().isContainer()) {
                continue;
            }
            max = Math.max(max, frame.depth());
            if (max > MAX_DEPTH) {
                return max;
            }
            for (JsonNode child : frame.node().values()) {
                stack.push(new Frame(child, frame.depth() + 1));
            }
        }
        return max;
    }

    // Walks the whole document, data keywords included: a reference or base URI anywhere could make the
    // validator resolve something remote, and refusing a harmless one inside "default" costs nothing.
    private static void checkReferences(JsonNode node, String pointer, List<Violation> violations) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkReferences(node.get(i), pointer + "/" + i, violations);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            String at = pointer + "/" + escape(name);
            if (value.isString()) {
                String text = value.asString();
                if (REFERENCE_KEYWORDS.contains(name) && !text.startsWith("#")) {
                    violations.add(new Violation(at, "only local references (starting with #) are allowed"));
                } else if ("$id".equals(name) && (HAS_SCHEME.matcher(text).find() || text.startsWith("//"))) {
                    violations.add(new Violation(at, "$id must not name a scheme or host"));
                } else if ("$schema".equals(name) && !KNOWN_DRAFTS.contains(stripFragment(text))) {
                    violations.add(new Violation(at, "$schema must be one of " + KNOWN_DRAFTS));
                }
            }
            checkReferences(value, at, violations);
        }
    }

    // Follows only keywords that hold subschemas, so a property that happens to be named "pattern" or a
    // "pattern" inside example data is not mistaken for a regular expression.
    private static void checkPatterns(JsonNode schema, String pointer, List<Violation> violations) {
        if (!schema.isObject()) {
            return;
        }
        JsonNode pattern = schema.get("pattern");
        if (pattern != null && pattern.isString()) {
            checkPattern(pattern.asString(), pointer + "/pattern", violations);
        }
        JsonNode patternProperties = schema.get("patternProperties");
        if (patternProperties != null && patternProperties.isObject()) {
            for (String key : patternProperties.propertyNames()) {
                checkPattern(key, pointer + "/patternProperties/" + escape(key), violations);
            }
        }
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            String at = pointer + "/" + escape(keyword);
            if (SCHEMA_MAP_KEYWORDS.contains(keyword) && value.isObject()) {
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    checkPatterns(entry.getValue(), at + "/" + escape(entry.getKey()), violations);
                }
            } else if ("dependencies".equals(keyword) && value.isObject()) {
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    checkPatterns(entry.getValue(), at + "/" + escape(entry.getKey()), violations);
                }
            } else if (SCHEMA_ARRAY_KEYWORDS.contains(keyword) && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    checkPatterns(value.get(i), at + "/" + i, violations);
                }
            } else if (SCHEMA_KEYWORDS.contains(keyword)) {
                checkPatterns(value, at, violations);
            }
        }
    }

    private static void checkPattern(String regex, String at, List<Violation> violations) {
        if (regex.length() > MAX_PATTERN_LENGTH) {
            violations.add(new Violation(at, "pattern is longer than " + MAX_PATTERN_LENGTH + " characters"));
            return;
        }
        try {
            com.google.re2j.Pattern.compile(regex);
        } catch (com.google.re2j.PatternSyntaxException e) {
            violations.add(new Violation(at, "pattern is not supported (linear-time regular expressions only, "
                    + "no look-around or back-references): " + e.getDescription()));
        }
    }

    private static String stripFragment(String uri) {
        return uri.endsWith("#") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static <K> JsonSchema cached(Map<K, JsonSchema> cache, K key, Supplier<JsonSchema> compile) {
        synchronized (cache) {
            JsonSchema hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        // Compiled outside the lock: two threads may compile the same schema once each, which is harmless.
        JsonSchema compiled = compile.get();
        synchronized (cache) {
            cache.put(key, compiled);
        }
        return compiled;
    }

    private static <K> Map<K, JsonSchema> lruMap() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, JsonSchema> eldest) {
                return size() > CACHE_SIZE;
            }
        };
    }
}
