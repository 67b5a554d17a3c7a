package io.annotrail.command.schema;

import io.annotrail.domain.common.Violation;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cost of a response schema, bounded when it is set so that neither setting it nor any later submit can take
 * unbounded time or memory. It walks the schema as the validator will run it: through every keyword that holds
 * subschemas and through every local reference, each schema node once (memoised), and refuses
 * <ul>
 *   <li>patterns that RE2J would expand into huge programs ({@link PatternCost}): a single count above
 *       {@value #MAX_REPEAT_COUNT}, nested counts multiplying above {@value #MAX_PATTERN_REPETITION} (RE2's own
 *       limit), more than {@value #MAX_PATTERN_SIZE} instructions in one pattern or {@value #MAX_PATTERNS_SIZE} in
 *       all of them;</li>
 *   <li>reference cycles — a schema that reaches itself again, which the validator follows until its stack
 *       overflows (recursive forms are not supported: a form is finite, and the form renderer cannot show one);</li>
 *   <li>more than {@value #MAX_EXPANDED_NODES} subschemas once references are expanded (an {@code allOf} of two
 *       references to the level below doubles at each level: 1.4 KB of schema, millions of evaluations per submit),
 *       or more than {@value #MAX_EXPANDED_DEPTH} levels of them.</li>
 * </ul>
 * Each refusal names its bound first ({@code pattern-repetition: ...}) and points at where it is exceeded. The
 * walk costs one visit per schema node and reference of the document (at most 64 KiB), whatever the schema
 * expands to. The bounds are constants, not settings: they are far above what a labelling form needs and well
 * below what hurts, and one value everywhere means a schema accepted by one instance is accepted by all.
 */
final class SchemaBounds {

    static final int MAX_REPEAT_COUNT = 1000;
    static final long MAX_PATTERN_REPETITION = 1000;
    static final long MAX_PATTERN_SIZE = 5_000;
    static final long MAX_PATTERNS_SIZE = 50_000;
    static final long MAX_EXPANDED_NODES = 20_000;
    static final int MAX_EXPANDED_DEPTH = 64;

    static final Set<String> SCHEMA_MAP_KEYWORDS = Set.of(
            "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies");
    static final Set<String> SCHEMA_KEYWORDS = Set.of(
            "additionalProperties", "additionalItems", "items", "contains", "not", "if", "then", "else",
            "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema");
    static final Set<String> SCHEMA_ARRAY_KEYWORDS = Set.of("prefixItems", "allOf", "anyOf", "oneOf", "items");
    private static final Set<String> DEFINITIONS = Set.of("$defs", "definitions");

    /**
     * What the walk found: {@code tooComplex} breaks a bound, {@code invalid} is not a usable schema (a pattern RE2J
     * cannot compile, a reference to nothing).
     */
    record Result(List<Violation> tooComplex, List<Violation> invalid, long expandedNodes, long patternsSize) {
    }

    private SchemaBounds() {
    }

    static Result check(JsonNode root) {
        return new Walk(root).run();
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static final class Walk {
        private final JsonNode root;
        private final Map<JsonNode, String> pointers = new IdentityHashMap<>();
        private final Map<JsonNode, Long> sizes = new IdentityHashMap<>();
        private final Map<JsonNode, Integer> heights = new IdentityHashMap<>();
        private final Set<JsonNode> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Deque<JsonNode> path = new ArrayDeque<>();
        private final Map<JsonNode, Map<String, List<JsonNode>>> anchorsByResource = new IdentityHashMap<>();
        private final Map<JsonNode, Map<String, List<JsonNode>>> documentAnchors = new IdentityHashMap<>();
        private final List<Violation> tooComplex = new ArrayList<>();
        private final List<Violation> invalid = new ArrayList<>();
        private long patternsSize;
        private boolean sizeReported;
        private boolean patternsSizeReported;
        private boolean depthReported;

        Walk(JsonNode root) {
            this.root = root;
            indexPointers();
        }

        Result run() {
            long size = visit(root, root, 1);
            return new Result(tooComplex, invalid, size, patternsSize);
        }

        private void indexPointers() {
            Deque<JsonNode> stack = new ArrayDeque<>();
            pointers.put(root, "");
            stack.push(root);
            while (!stack.isEmpty()) {
                JsonNode node = stack.pop();
                String at = pointers.get(node);
                if (node.isObject()) {
                    for (Map.Entry<String, JsonNode> field : node.properties()) {
                        if (field.getValue().isContainer()) {
                            pointers.put(field.getValue(), at + "/" + escape(field.getKey()));
                            stack.push(field.getValue());
                        }
                    }
                } else if (node.isArray()) {
                    for (int i = 0; i < node.size(); i++) {
                        if (node.get(i).isContainer()) {
                            pointers.put(node.get(i), at + "/" + i);
                            stack.push(node.get(i));
                        }
                    }
                }
            }
        }

        private String pointer(JsonNode node) {
            return pointers.getOrDefault(node, "");
        }

        /**
         * The number of schema nodes under {@code node} with references expanded (itself included). The Java stack
         * stays within {@link #MAX_EXPANDED_DEPTH} frames: deeper, the walk reports and stops.
         */
        private long visit(JsonNode node, JsonNode resource, int depth) {
            if (!node.isObject()) {
                return 1;
            }
            Long known = sizes.get(node);
            if (known != null) {
                checkDepth(node, depth + heights.get(node) - 1);
                return known;
            }
            if (depth > MAX_EXPANDED_DEPTH) {
                checkDepth(node, depth);
                return 1;
            }
            onPath.add(node);
            path.addLast(node);
            checkPatterns(node);
            long size = 1;
            int height = 1;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String keyword = field.getKey();
                JsonNode value = field.getValue();
                String at = pointer(node) + "/" + escape(keyword);
                List<JsonNode> children = new ArrayList<>();
                if (SCHEMA_MAP_KEYWORDS.contains(keyword) && value.isObject()) {
                    value.values().forEach(children::add);
                }
                if (SCHEMA_ARRAY_KEYWORDS.contains(keyword) && value.isArray()) {
                    value.values().forEach(children::add);
                }
                if (SCHEMA_KEYWORDS.contains(keyword) && (value.isObject() || value.isBoolean())) {
                    children.add(value);
                }
                for (JsonNode child : children) {
                    if (!child.isObject() && !child.isBoolean()) {
                        continue; // "dependencies" also holds arrays of property names
                    }
                    JsonNode childResource = isResource(child) ? child : resource;
                    long childSize = visit(child, childResource, depth + 1);
                    // Definitions are checked like any subschema but run only where referenced, where they count.
                    if (!DEFINITIONS.contains(keyword)) {
                        size = add(size, childSize);
                        height = Math.max(height, 1 + heights.getOrDefault(child, 0));
                    }
                }
                if (value.isString() && isReference(keyword) && value.asString().startsWith("#")) {
                    for (Target target : targets(keyword, value.asString(), resource, at)) {
                        if (onPath.contains(target.node())) {
                            reportCycle(at, target.node());
                            continue;
                        }
                        size = add(size, visit(target.node(), target.resource(), depth + 1));
                        height = Math.max(height, 1 + heights.getOrDefault(target.node(), 0));
                    }
                }
            }
            path.removeLast();
            onPath.remove(node);
            sizes.put(node, size);
            heights.put(node, height);
            if (size > MAX_EXPANDED_NODES && !sizeReported) {
                sizeReported = true;
                tooComplex.add(new Violation(pointer(node), "expanded-size: with its references expanded this schema has "
                        + (size == Long.MAX_VALUE ? "too many" : "about " + size) + " subschemas; at most "
                        + MAX_EXPANDED_NODES + " are allowed (every submit evaluates all of them)"));
            }
            return size;
        }

        private void checkDepth(JsonNode node, int depth) {
            if (depth > MAX_EXPANDED_DEPTH && !depthReported) {
                depthReported = true;
                tooComplex.add(new Violation(pointer(node), "expanded-depth: with its references expanded the schema "
                        + "nests deeper than " + MAX_EXPANDED_DEPTH + " levels here"));
            }
        }

        private void reportCycle(String at, JsonNode target) {
            List<String> cycle = new ArrayList<>();
            boolean inCycle = false;
            for (JsonNode step : path) {
                inCycle |= step == target;
                if (inCycle) {
                    cycle.add(pointer(step).isEmpty() ? "#" : pointer(step));
                }
            }
            cycle.add(pointer(target).isEmpty() ? "#" : pointer(target));
            tooComplex.add(new Violation(at, "reference-cycle: this reference leads back to a schema that contains it ("
                    + String.join(" -> ", cycle) + "); recursive schemas are not supported"));
        }

        private void checkPatterns(JsonNode node) {
            JsonNode pattern = node.get("pattern");
            if (pattern != null && pattern.isString()) {
                checkPattern(pattern.asString(), pointer(node) + "/pattern");
            }
            JsonNode patternProperties = node.get("patternProperties");
            if (patternProperties != null && patternProperties.isObject()) {
                for (String key : patternProperties.propertyNames()) {
                    checkPattern(key, pointer(node) + "/patternProperties/" + escape(key));
                }
            }
        }

        private void checkPattern(String regex, String at) {
            if (regex.length() > SchemaValidation.MAX_PATTERN_LENGTH) {
                tooComplex.add(new Violation(at, "pattern-length: the pattern is longer than "
                        + SchemaValidation.MAX_PATTERN_LENGTH + " characters"));
                return;
            }
            PatternCost cost = PatternCost.of(regex);
            if (cost.largestCount() > MAX_REPEAT_COUNT) {
                tooComplex.add(new Violation(at, "repeat-count: a repetition asks for " + count(cost.largestCount())
                        + " copies; at most " + MAX_REPEAT_COUNT + " are allowed"));
                return;
            }
            if (cost.repetition() > MAX_PATTERN_REPETITION) {
                tooComplex.add(new Violation(at, "pattern-repetition: nested counted repetitions multiply to "
                        + count(cost.repetition()) + " copies; at most " + MAX_PATTERN_REPETITION + " are allowed"));
                return;
            }
            if (cost.size() > MAX_PATTERN_SIZE) {
                tooComplex.add(new Violation(at, "pattern-size: the pattern compiles to about " + count(cost.size())
                        + " instructions; at most " + MAX_PATTERN_SIZE + " are allowed"));
                return;
            }
            patternsSize = add(patternsSize, cost.size());
            if (patternsSize > MAX_PATTERNS_SIZE && !patternsSizeReported) {
                patternsSizeReported = true;
                tooComplex.add(new Violation(at, "patterns-size: with this one the schema's patterns compile to more "
                        + "than " + MAX_PATTERNS_SIZE + " instructions in all"));
                return;
            }
            try {
                com.google.re2j.Pattern.compile(regex);
            } catch (com.google.re2j.PatternSyntaxException e) {
                invalid.add(new Violation(at, "pattern is not supported (linear-time regular expressions only, "
                        + "no look-around or back-references): " + e.getDescription()));
            }
        }

        private record Target(JsonNode node, JsonNode resource) {
        }

        // Only fragments ("#...") get here: anything else is refused as a remote reference before the walk.
        private List<Target> targets(String keyword, String reference, JsonNode resource, String at) {
            String fragment = percentDecode(reference.substring(1));
            List<Target> targets = new ArrayList<>();
            if (fragment.isEmpty()) {
                targets.add(new Target(resource, resource));
            } else if (fragment.startsWith("/")) {
                Target target = follow(resource, fragment);
                if (target != null) {
                    targets.add(target);
                }
            } else {
                for (JsonNode anchored : anchors(resource, false).getOrDefault(fragment, List.of())) {
                    targets.add(new Target(anchored, resourceOf(anchored, resource)));
                }
                if (!"$ref".equals(keyword)) {
                    // a dynamic reference may land on any same-named dynamic anchor of the document
                    for (JsonNode anchored : anchors(root, true).getOrDefault(fragment, List.of())) {
                        targets.add(new Target(anchored, resourceOf(anchored, root)));
                    }
                }
            }
            if ("$recursiveRef".equals(keyword) && resource != root) {
                targets.add(new Target(root, root));
            }
            if (targets.isEmpty()) {
                invalid.add(new Violation(at, "the reference " + reference + " does not lead to a schema in this document"));
            }
            return targets;
        }

        private Target follow(JsonNode resource, String pointer) {
            JsonNode node = resource;
            JsonNode nodeResource = resource;
            for (String raw : pointer.substring(1).split("/", -1)) {
                String token = raw.replace("~1", "/").replace("~0", "~");
                if (node.isObject()) {
                    node = node.get(token);
                } else if (node.isArray() && token.matches("0|[1-9][0-9]{0,8}")) {
                    node = node.get(Integer.parseInt(token));
                } else {
                    return null;
                }
                if (node == null) {
                    return null;
                }
                if (isResource(node)) {
                    nodeResource = node;
                }
            }
            return node.isObject() || node.isBoolean() ? new Target(node, nodeResource) : null;
        }

        // The resource an anchor found under {@code resource} belongs to: itself if it has an $id, else the resource.
        private static JsonNode resourceOf(JsonNode anchored, JsonNode resource) {
            return isResource(anchored) ? anchored : resource;
        }

        // Anchors by name declared inside one resource (not inside resources embedded in it), or, for dynamic
        // references, anywhere in the document.
        private Map<String, List<JsonNode>> anchors(JsonNode resource, boolean wholeDocument) {
            return (wholeDocument ? documentAnchors : anchorsByResource).computeIfAbsent(resource, r -> {
                Map<String, List<JsonNode>> anchors = new java.util.HashMap<>();
                Deque<JsonNode> stack = new ArrayDeque<>();
                stack.push(r);
                while (!stack.isEmpty()) {
                    JsonNode node = stack.pop();
                    if (node.isObject()) {
                        if (node != r && isResource(node) && !wholeDocument) {
                            continue;
                        }
                        for (String keyword : List.of("$anchor", "$dynamicAnchor", "$id")) {
                            JsonNode name = node.get(keyword);
                            if (name != null && name.isString()) {
                                String text = name.asString();
                                String anchor = "$id".equals(keyword) ? (text.startsWith("#") ? text.substring(1) : null) : text;
                                if (anchor != null) {
                                    anchors.computeIfAbsent(anchor, k -> new ArrayList<>()).add(node);
                                }
                            }
                        }
                    }
                    for (JsonNode child : node.values()) {
                        if (child.isContainer()) {
                            stack.push(child);
                        }
                    }
                }
                return anchors;
            });
        }

        private static boolean isResource(JsonNode node) {
            JsonNode id = node.isObject() ? node.get("$id") : null;
            return id != null && id.isString() && !id.asString().startsWith("#");
        }

        private static boolean isReference(String keyword) {
            return "$ref".equals(keyword) || "$dynamicRef".equals(keyword) || "$recursiveRef".equals(keyword);
        }
    }

    // URI fragments may percent-encode characters of a JSON pointer or an anchor name ("%25" is "%")
    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String count(long value) {
        return value == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(value);
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
