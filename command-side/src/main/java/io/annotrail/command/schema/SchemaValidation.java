package io.annotrail.command.schema;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
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
import java.util.Iterator;
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
 * {@value #MAX_PATTERN_LENGTH} characters), meets the cost bounds of {@link SchemaBounds} and is itself valid
 * against the draft 2020-12 meta-schema. Exceeding a cost bound (size, depth, pattern length and expansion,
 * reference cycles and expansion) is SCHEMA_TOO_COMPLEX, anything else SCHEMA_INVALID.
 * Validation uses RE2J for every regular expression, a loader that refuses every remote load, and a step budget
 * per response ({@link ValidationBudget}).
 * <p>
 * Compiled schemas are cached (bounded, least recently used first out): submitting is the hot path and
 * compiling a schema costs far more than evaluating it. Schema versions are immutable, so a cache entry
 * never goes stale. The aggregates (submits, suggestions) and the UI's schema check share this one bean.
 */
@Component
public class SchemaValidation {

    public static final int MAX_SCHEMA_BYTES = 64 * 1024;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_PATTERN_LENGTH = 1000;
    static final int CACHE_SIZE = 256;
    /** Estimated heap of the compiled schemas kept per cache. */
    static final long CACHE_WEIGHT = 256L * 1024 * 1024;
    // Rough heap per compiled subschema (its validators) and per compiled RE2J instruction, for the cache's weight.
    private static final long NODE_WEIGHT = 2048;
    private static final long INSTRUCTION_WEIGHT = 64;

    private static final Set<String> KNOWN_DRAFTS = Set.of(
            "http://json-schema.org/draft-04/schema",
            "http://json-schema.org/draft-06/schema",
            "http://json-schema.org/draft-07/schema",
            "https://json-schema.org/draft/2019-09/schema",
            "https://json-schema.org/draft/2020-12/schema");
    private static final Pattern HAS_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Set<String> REFERENCE_KEYWORDS = Set.of("$ref", "$dynamicRef", "$recursiveRef");

    private static final ObjectMapper JACKSON2 = new ObjectMapper();
    private static final Comparator<Violation> ORDER =
            Comparator.comparing(Violation::path).thenComparing(Violation::message);

    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private volatile JsonSchema metaSchema;
    private final Cache<String> byContentHash = new Cache<>();
    private final Cache<VersionKey> byProjectVersion = new Cache<>();

    private record VersionKey(ProjectId projectId, int version) {
    }

    public SchemaValidation() {
        LocalOnlySchemaLoader loader = new LocalOnlySchemaLoader();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(CountedKeyword.counted(JsonMetaSchema.getV4()))
                .metaSchema(CountedKeyword.counted(JsonMetaSchema.getV6()))
                .metaSchema(CountedKeyword.counted(JsonMetaSchema.getV7()))
                .metaSchema(CountedKeyword.counted(JsonMetaSchema.getV201909()))
                .metaSchema(CountedKeyword.counted(JsonMetaSchema.getV202012()))
                .schemaLoaders(loaders -> loaders.add(loader)));
        this.config = SchemaValidatorsConfig.builder()
                .regularExpressionFactory(Re2jRegularExpressionFactory.INSTANCE)
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(false)
                .build();
    }

    /** Every reason the schema is not acceptable as a response schema; empty when it is. */
    public List<Violation> checkSchema(JsonNode schema) {
        return verdict(schema).violations();
    }

    /**
     * Throws SCHEMA_TOO_COMPLEX when the schema exceeds a cost bound, SCHEMA_INVALID when it is otherwise not
     * acceptable, each with the violations of {@link #checkSchema}.
     */
    public void requireValidSchema(JsonNode schema) {
        Verdict verdict = verdict(schema);
        if (verdict.code() == ErrorCode.SCHEMA_TOO_COMPLEX) {
            throw new DomainException(ErrorCode.SCHEMA_TOO_COMPLEX,
                    "the response schema exceeds a cost bound (each violation names it)", verdict.violations());
        }
        if (!verdict.violations().isEmpty()) {
            throw new DomainException(ErrorCode.SCHEMA_INVALID, "the response schema is not acceptable", verdict.violations());
        }
    }

    private record Verdict(ErrorCode code, List<Violation> violations) {
        static final Verdict ACCEPTED = new Verdict(null, List.of());

        static Verdict tooComplex(List<Violation> violations) {
            return new Verdict(ErrorCode.SCHEMA_TOO_COMPLEX, sorted(violations));
        }

        static Verdict invalid(List<Violation> violations) {
            return new Verdict(ErrorCode.SCHEMA_INVALID, sorted(violations));
        }
    }

    // Cheap checks first: nothing that costs more than reading the document runs before the cost bounds are met
    // (compiling the schema expands its patterns and references, and did so for seconds before they were bounded).
    private Verdict verdict(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return Verdict.invalid(List.of(new Violation("", "the response schema must be a JSON object")));
        }
        String text = Json.write(schema);
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_SCHEMA_BYTES) {
            return Verdict.tooComplex(List.of(new Violation("", "schema-bytes: the response schema is larger than "
                    + MAX_SCHEMA_BYTES + " bytes")));
        }
        if (depth(schema) > MAX_DEPTH) {
            return Verdict.tooComplex(List.of(new Violation("", "schema-depth: the response schema is nested deeper than "
                    + MAX_DEPTH + " levels")));
        }
        List<Violation> violations = new ArrayList<>();
        JsonNode type = schema.get("type");
        if (type == null || !type.isString() || !"object".equals(type.asString())) {
            violations.add(new Violation("/type", "the root of the response schema must have \"type\": \"object\""));
        }
        checkReferences(schema, "", violations);
        SchemaBounds.Result bounds = SchemaBounds.check(schema);
        if (!bounds.tooComplex().isEmpty()) {
            return Verdict.tooComplex(bounds.tooComplex());
        }
        violations.addAll(bounds.invalid());
        if (!violations.isEmpty()) {
            return Verdict.invalid(violations);
        }
        com.fasterxml.jackson.databind.JsonNode legacy;
        try {
            legacy = JACKSON2.readTree(text);
        } catch (JacksonException e) {
            return Verdict.invalid(List.of(new Violation("", "the response schema cannot be read: " + e.getOriginalMessage())));
        }
        violations.addAll(toViolations(metaSchema().validate(legacy)));
        if (!violations.isEmpty()) {
            return Verdict.invalid(violations);
        }
        try {
            compile(legacy);
        } catch (RuntimeException e) {
            return Verdict.invalid(List.of(new Violation("", "the response schema cannot be compiled: " + e.getMessage())));
        }
        return Verdict.ACCEPTED;
    }

    /**
     * Validates a response against a schema that passed {@link #checkSchema}; compiled schemas are cached by
     * content hash.
     */
    public List<Violation> validateResponse(JsonNode schema, JsonNode response) {
        String key = Json.sha256(Json.write(schema));
        return validate(byContentHash.get(key, () -> compileStored(schema)), response);
    }

    /**
     * Validates a response against version {@code version} of a project's schema; the schema is fetched and
     * compiled only when that version is not in the cache (versions never change once stored), so a submit pays
     * for evaluation only.
     */
    public List<Violation> validateResponse(ProjectId projectId, int version, Supplier<JsonNode> schema,
                                            JsonNode response) {
        return validate(byProjectVersion.get(new VersionKey(projectId, version), () -> compileStored(schema.get())),
                response);
    }

    private List<Violation> validate(Compiled compiled, JsonNode response) {
        if (!compiled.refusal().isEmpty()) {
            return compiled.refusal();
        }
        if (response == null) {
            return List.of(new Violation("", "a response is required"));
        }
        com.fasterxml.jackson.databind.JsonNode legacy;
        try {
            legacy = JACKSON2.readTree(Json.write(response));
        } catch (JacksonException e) {
            return List.of(new Violation("", "the response cannot be read: " + e.getOriginalMessage()));
        }
        try {
            return sorted(toViolations(ValidationBudget.run(() -> compiled.schema().validate(legacy))));
        } catch (ValidationBudget.Exceeded e) {
            return List.of(new Violation("", e.getMessage()));
        }
    }

    /**
     * A compiled stored schema. A version stored before the cost bounds existed may exceed them: it is not
     * compiled (that is what could take the heap), and every response to it is refused with the reason.
     */
    private Compiled compileStored(JsonNode schema) {
        SchemaBounds.Result bounds = SchemaBounds.check(schema);
        if (!bounds.tooComplex().isEmpty()) {
            return new Compiled(null, List.of(new Violation("", "this schema version exceeds a cost bound that came "
                    + "after it was stored, so responses cannot be checked against it; set a new schema version ("
                    + sorted(bounds.tooComplex()).getFirst().message() + ")")), 1);
        }
        String text = Json.write(schema);
        return new Compiled(compile(readLegacy(text)), List.of(),
                text.length() + bounds.expandedNodes() * NODE_WEIGHT + bounds.patternsSize() * INSTRUCTION_WEIGHT);
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
            String at = pointer + "/" + SchemaBounds.escape(name);
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

    private static String stripFragment(String uri) {
        return uri.endsWith("#") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** A compiled schema, or why a stored one is not compiled; {@code weight} estimates its heap in bytes. */
    private record Compiled(JsonSchema schema, List<Violation> refusal, long weight) {
    }

    /**
     * Least recently used first out, bounded by entries and by estimated heap, so a few large schemas cannot crowd
     * the heap where many small ones fit.
     */
    private static final class Cache<K> {
        private final LinkedHashMap<K, Compiled> entries = new LinkedHashMap<>(64, 0.75f, true);
        private long weight;

        Compiled get(K key, Supplier<Compiled> compile) {
            synchronized (this) {
                Compiled hit = entries.get(key);
                if (hit != null) {
                    return hit;
                }
            }
            // Compiled outside the lock: two threads may compile the same schema once each, which is harmless.
            Compiled compiled = compile.get();
            synchronized (this) {
                Compiled replaced = entries.put(key, compiled);
                weight += compiled.weight() - (replaced == null ? 0 : replaced.weight());
                Iterator<Compiled> eldest = entries.values().iterator();
                while ((entries.size() > CACHE_SIZE || weight > CACHE_WEIGHT) && entries.size() > 1) {
                    weight -= eldest.next().weight();
                    eldest.remove();
                }
            }
            return compiled;
        }
    }
}
