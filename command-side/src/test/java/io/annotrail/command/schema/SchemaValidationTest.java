package io.annotrail.command.schema;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Violation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.annotrail.command.support.Schemas.json;
import static io.annotrail.command.support.Schemas.labelSchema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SchemaValidationTest {

    private final SchemaValidation validation = new SchemaValidation();

    private static List<String> paths(List<Violation> violations) {
        return violations.stream().map(Violation::path).toList();
    }

    @Test
    void aPlainObjectSchemaIsAccepted() {
        assertThat(validation.checkSchema(labelSchema())).isEmpty();
    }

    @Test
    void aSchemaThatIsNotAnObjectIsRejected() {
        assertThat(validation.checkSchema(json("[1, 2]"))).isNotEmpty();
    }

    @Test
    void theRootMustBeOfTypeObject() {
        assertThat(paths(validation.checkSchema(json("{\"type\": \"string\"}")))).containsExactly("/type");
    }

    @Test
    void aRemoteRefIsRejected() {
        List<Violation> violations = validation.checkSchema(json("""
                {"type": "object", "properties": {"a": {"$ref": "http://169.254.169.254/latest"}}}"""));
        assertThat(paths(violations)).containsExactly("/properties/a/$ref");
    }

    @Test
    void aRemoteDynamicRefIsRejected() {
        assertThat(paths(validation.checkSchema(json("""
                {"type": "object", "items": {"$dynamicRef": "https://example.com/x#meta"}}"""))))
                .containsExactly("/items/$dynamicRef");
    }

    @Test
    void anIdWithASchemeIsRejected() {
        assertThat(paths(validation.checkSchema(json("""
                {"type": "object", "$defs": {"x": {"$id": "file:///etc/passwd"}}}"""))))
                .containsExactly("/$defs/x/$id");
    }

    @Test
    void anUnknownSchemaDialectIsRejected() {
        assertThat(paths(validation.checkSchema(json("""
                {"$schema": "https://example.com/my-dialect", "type": "object"}"""))))
                .containsExactly("/$schema");
    }

    @Test
    void aKnownSchemaDialectIsAccepted() {
        assertThat(validation.checkSchema(json("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}"""))).isEmpty();
    }

    @Test
    void localReferencesAreResolved() {
        JsonNode schema = json("""
                {"type": "object",
                 "$defs": {"label": {"type": "string", "minLength": 2}},
                 "properties": {"label": {"$ref": "#/$defs/label"}}}""");
        assertThat(validation.checkSchema(schema)).isEmpty();
        assertThat(paths(validation.validateResponse(schema, json("{\"label\": \"x\"}")))).containsExactly("/label");
        assertThat(validation.validateResponse(schema, json("{\"label\": \"xy\"}"))).isEmpty();
    }

    @Test
    void aSchemaDeeperThanThirtyTwoLevelsIsRejected() {
        String deep = "{\"type\": \"object\"}";
        for (int i = 0; i < 16; i++) {
            deep = "{\"type\": \"object\", \"properties\": {\"n\": " + deep + "}}";
        }
        assertThat(validation.checkSchema(json(deep))).singleElement()
                .extracting(Violation::message).asString().startsWith("schema-depth:").contains("deeper");
    }

    @Test
    void aSchemaLargerThanSixtyFourKibibytesIsRejected() {
        String big = "{\"type\": \"object\", \"description\": \"" + "x".repeat(70_000) + "\"}";
        assertThat(validation.checkSchema(json(big))).singleElement()
                .extracting(Violation::message).asString().startsWith("schema-bytes:").contains("larger");
    }

    @Test
    void aSchemaThatIsInvalidAgainstTheMetaSchemaIsRejected() {
        List<Violation> violations = validation.checkSchema(json("""
                {"type": "object", "properties": {"a": {"type": "string", "minLength": -1}}}"""));
        assertThat(violations).isNotEmpty();
        assertThat(paths(violations)).anyMatch(path -> path.startsWith("/properties/a"));
    }

    @Test
    void aPatternWithLookAheadIsRejected() {
        assertThat(paths(validation.checkSchema(json("""
                {"type": "object", "properties": {"a": {"type": "string", "pattern": "^(?=a)a$"}}}"""))))
                .containsExactly("/properties/a/pattern");
    }

    @Test
    void aPatternLongerThanOneThousandCharactersIsRejected() {
        assertThat(paths(validation.checkSchema(json("{\"type\": \"object\", \"properties\": {\"a\": "
                + "{\"type\": \"string\", \"pattern\": \"" + "a".repeat(1001) + "\"}}}"))))
                .containsExactly("/properties/a/pattern");
    }

    @Test
    void patternPropertiesKeysAreCheckedAsPatterns() {
        assertThat(paths(validation.checkSchema(json("""
                {"type": "object", "patternProperties": {"(x)\\\\1": {"type": "string"}}}"""))))
                .containsExactly("/patternProperties/(x)\\1");
    }

    @Test
    void aPropertyNamedPatternIsNotMistakenForARegularExpression() {
        assertThat(validation.checkSchema(json("""
                {"type": "object", "properties": {"pattern": {"type": "string"}}, "default": {"pattern": "(a)\\\\1"}}""")))
                .isEmpty();
    }

    @Test
    void aCatastrophicPatternIsEvaluatedInLinearTime() {
        JsonNode schema = json("""
                {"type": "object", "properties": {"s": {"type": "string", "pattern": "^(a+)+$"}}}""");
        assertThat(validation.checkSchema(schema)).isEmpty();
        JsonNode hostile = json("{\"s\": \"" + "a".repeat(50_000) + "!\"}");
        List<Violation> violations = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> validation.validateResponse(schema, hostile));
        assertThat(paths(violations)).containsExactly("/s");
    }

    @Test
    void requireValidSchemaThrowsSchemaInvalidWithTheViolations() {
        assertThatThrownBy(() -> validation.requireValidSchema(json("{\"type\": \"array\"}")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_INVALID);
                    assertThat(paths(e.violations())).containsExactly("/type");
                });
    }

    @Test
    void aValidResponseHasNoViolations() {
        assertThat(validation.validateResponse(labelSchema(), json("{\"label\": \"cat\", \"confidence\": 0.5}"))).isEmpty();
    }

    @Test
    void responseViolationsCarryJsonPointerPaths() {
        JsonNode schema = json("""
                {"type": "object",
                 "properties": {"boxes": {"type": "array", "items": {"type": "object",
                     "properties": {"label": {"type": "string"}}}}}}""");
        List<Violation> violations = validation.validateResponse(schema,
                json("{\"boxes\": [{\"label\": \"a\"}, {\"label\": 7}]}"));
        assertThat(paths(violations)).containsExactly("/boxes/1/label");
        assertThat(violations.getFirst().message()).isNotBlank();
    }

    @Test
    void aMissingRequiredPropertyIsReported() {
        List<Violation> violations = validation.validateResponse(labelSchema(), json("{\"confidence\": 2}"));
        assertThat(violations).hasSize(2);
    }

    @Test
    void aProjectSchemaVersionIsFetchedAndCompiledOnce() {
        ProjectId project = ProjectId.random();
        AtomicInteger fetched = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            validation.validateResponse(project, 1, () -> {
                fetched.incrementAndGet();
                return labelSchema();
            }, json("{\"label\": \"dog\"}"));
        }
        assertThat(fetched).hasValue(1);
    }

    // --- cost bounds: each attack is refused when the schema is set, quickly, naming the bound and the place ----

    /** Refuses {@code schema} with SCHEMA_TOO_COMPLEX within a second; answers the violations and prints the time. */
    private List<Violation> refusedAsTooComplex(String attack, JsonNode schema) {
        long started = System.nanoTime();
        DomainException refused = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            try {
                validation.requireValidSchema(schema);
                return null;
            } catch (DomainException e) {
                return e;
            }
        });
        System.out.printf("schema cost: %s refused in %.1f ms%n", attack, (System.nanoTime() - started) / 1e6);
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.SCHEMA_TOO_COMPLEX);
        return refused.violations();
    }

    private static JsonNode stringPattern(String pattern) {
        return json("{\"type\": \"object\", \"properties\": {\"s\": {\"type\": \"string\", \"pattern\": \""
                + pattern.replace("\\", "\\\\") + "\"}}}");
    }

    /** $defs d0..dN where each level is an allOf of two references to the level below: 2^N evaluations. */
    static String doublingChain(int levels, String use) {
        StringBuilder defs = new StringBuilder("\"d0\": {\"type\": \"string\", \"minLength\": 1}");
        for (int i = 1; i <= levels; i++) {
            defs.append(", \"d").append(i).append("\": {\"allOf\": [{\"$ref\": \"#/$defs/d").append(i - 1)
                    .append("\"}, {\"$ref\": \"#/$defs/d").append(i - 1).append("\"}]}");
        }
        return "{\"type\": \"object\", \"$defs\": {" + defs + "}, \"properties\": {\"s\": "
                + use.replace("LAST", "#/$defs/d" + levels) + "}}";
    }

    @Test
    void nestedCountedRepetitionsAreRefusedWhenTheSchemaIsSet() {
        assertThat(refusedAsTooComplex("(((a{100}){100}){100}){10}", stringPattern("(((a{100}){100}){100}){10}")))
                .singleElement().satisfies(v -> {
                    assertThat(v.path()).isEqualTo("/properties/s/pattern");
                    assertThat(v.message()).startsWith("pattern-repetition:").contains("10000000");
                });
    }

    @Test
    void nestedRepetitionsInPatternPropertiesAndPropertyNamesAreRefusedToo() {
        List<Violation> violations = refusedAsTooComplex("patternProperties/propertyNames", json("""
                {"type": "object", "patternProperties": {"^(x{50}){50}$": {"type": "string"}},
                 "propertyNames": {"pattern": "^((a{20}){20}){20}$"}}"""));
        assertThat(paths(violations)).containsExactly("/patternProperties/^(x{50}){50}$", "/propertyNames/pattern");
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).startsWith("pattern-repetition:"));
    }

    @Test
    void aRepeatCountAboveOneThousandIsRefused() {
        assertThat(refusedAsTooComplex("a{5000}", stringPattern("^a{5000}$"))).singleElement()
                .satisfies(v -> assertThat(v.message()).startsWith("repeat-count:").contains("5000"));
    }

    @Test
    void aPatternThatCompilesToTooManyInstructionsIsRefused() {
        assertThat(refusedAsTooComplex("six counted classes", stringPattern("[a-z]{1000}".repeat(6))))
                .singleElement().satisfies(v -> {
                    assertThat(v.path()).isEqualTo("/properties/s/pattern");
                    assertThat(v.message()).startsWith("pattern-size:");
                });
    }

    @Test
    void patternsThatTogetherCompileToTooManyInstructionsAreRefused() {
        StringBuilder properties = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            properties.append(i == 0 ? "" : ", ").append("\"p").append(i)
                    .append("\": {\"type\": \"string\", \"pattern\": \"").append("[a-z]{1000}".repeat(4)).append("\"}");
        }
        assertThat(refusedAsTooComplex("14 patterns of 4000 instructions",
                json("{\"type\": \"object\", \"properties\": {" + properties + "}}")))
                .singleElement().extracting(Violation::message).asString().startsWith("patterns-size:");
    }

    @Test
    void ordinaryCountedPatternsAreAccepted() {
        assertThat(validation.checkSchema(json("""
                {"type": "object", "properties": {
                  "email": {"type": "string", "pattern": "^[^@\\\\s]{1,64}@[^@\\\\s]{1,255}$"},
                  "ip": {"type": "string", "pattern": "^((25[0-5]|2[0-4]\\\\d|1?\\\\d{1,2})\\\\.){3}(25[0-5]|2[0-4]\\\\d|1?\\\\d{1,2})$"},
                  "text": {"type": "string", "pattern": "^.{1,1000}$"}}}"""))).isEmpty();
    }

    @Test
    void aReferenceCycleIsRefusedWhenTheSchemaIsSet() {
        List<Violation> violations = refusedAsTooComplex("$ref cycle", json("""
                {"type": "object", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                 "properties": {"s": {"$ref": "#/$defs/a"}}}"""));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("/$defs/b/$ref");
            assertThat(v.message()).startsWith("reference-cycle:").contains("/$defs/a -> /$defs/b -> /$defs/a");
        });
    }

    @Test
    void aRecursiveSchemaIsRefusedAsACycle() {
        assertThat(refusedAsTooComplex("recursive tree", json("""
                {"type": "object", "$defs": {"node": {"type": "object",
                    "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}},
                 "properties": {"root": {"$ref": "#/$defs/node"}}}""")))
                .singleElement().extracting(Violation::path).isEqualTo("/$defs/node/properties/children/items/$ref");
    }

    @Test
    void aReferenceToTheRootIsRefusedAsACycle() {
        assertThat(refusedAsTooComplex("$ref #", json("""
                {"type": "object", "properties": {"again": {"$ref": "#"}}}""")))
                .singleElement().extracting(Violation::message).asString().startsWith("reference-cycle:");
    }

    @Test
    void aDoublingAllOfChainIsRefusedWhenTheSchemaIsSet() {
        List<Violation> violations = refusedAsTooComplex("allOf doubling chain of 22 levels",
                json(doublingChain(22, "{\"$ref\": \"LAST\"}")));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("/$defs/d13");
            assertThat(v.message()).startsWith("expanded-size:");
        });
    }

    @Test
    void aShortDoublingChainIsAcceptedAndValidatesAsBefore() {
        JsonNode schema = json(doublingChain(6, "{\"$ref\": \"LAST\"}"));
        assertThat(validation.checkSchema(schema)).isEmpty();
        assertThat(validation.validateResponse(schema, json("{\"s\": \"x\"}"))).isEmpty();
        assertThat(paths(validation.validateResponse(schema, json("{\"s\": \"\"}")))).containsExactly("/s");
    }

    @Test
    void referencesNestingDeeperThanSixtyFourLevelsAreRefused() {
        StringBuilder defs = new StringBuilder("\"n0\": {\"type\": \"string\"}");
        for (int i = 1; i <= 40; i++) {
            defs.append(", \"n").append(i).append("\": {\"type\": \"object\", \"properties\": {\"x\": {\"$ref\": \"#/$defs/n")
                    .append(i - 1).append("\"}}}");
        }
        JsonNode schema = json("{\"type\": \"object\", \"$defs\": {" + defs + "}, \"properties\": {\"x\": {\"$ref\": \"#/$defs/n40\"}}}");
        assertThat(refusedAsTooComplex("references 120 levels deep", schema)).singleElement()
                .extracting(Violation::message).asString().startsWith("expanded-depth:");
    }

    @Test
    void deepNestingIsRefusedAsTooComplexWhenTheSchemaIsSet() {
        String deep = "{\"type\": \"object\"}";
        for (int i = 0; i < 40; i++) {
            deep = "{\"type\": \"object\", \"properties\": {\"n\": " + deep + "}}";
        }
        assertThat(refusedAsTooComplex("80 levels of nesting", json(deep))).singleElement()
                .extracting(Violation::message).asString().startsWith("schema-depth:");
    }

    @Test
    void aReferenceToNothingIsInvalid() {
        assertThatThrownBy(() -> validation.requireValidSchema(json("""
                {"type": "object", "properties": {"a": {"$ref": "#/$defs/missing"}}}""")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_INVALID);
                    assertThat(paths(e.violations())).containsExactly("/properties/a/$ref");
                });
    }

    @Test
    void aStoredSchemaBeyondTheBoundsRefusesResponsesInsteadOfFailing() {
        JsonNode cycle = json("""
                {"type": "object", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                 "properties": {"s": {"$ref": "#/$defs/a"}}}""");
        List<Violation> violations = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> validation.validateResponse(ProjectId.random(), 1, () -> cycle, json("{\"s\": 1}")));
        assertThat(violations).singleElement().extracting(Violation::message).asString()
                .contains("set a new schema version").contains("reference-cycle:");
    }

    // --- the backstop: a response that would take too much work is refused, not checked for longer ------------

    @Test
    void aResponseThatNeedsTooManyValidationStepsIsRefused() {
        JsonNode schema = json(doublingChain(12, "{\"type\": \"array\", \"items\": {\"$ref\": \"LAST\"}}"));
        assertThat(validation.checkSchema(schema)).isEmpty();
        JsonNode response = json("{\"s\": [" + String.join(", ", java.util.Collections.nCopies(200, "\"x\"")) + "]}");
        long started = System.nanoTime();
        List<Violation> violations = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> validation.validateResponse(schema, response));
        System.out.printf("schema cost: 200 elements x 8191 evaluations refused in %.1f ms%n",
                (System.nanoTime() - started) / 1e6);
        assertThat(violations).singleElement().extracting(Violation::message).asString().startsWith("validation-steps:");
    }

    @Test
    void aResponseToAnOlderDraftIsCountedToo() {
        JsonNode schema = json(doublingChain(12, "{\"type\": \"array\", \"items\": {\"$ref\": \"LAST\"}}")
                .replaceFirst("\\{", "{\"\\$schema\": \"http://json-schema.org/draft-07/schema#\", "));
        assertThat(validation.checkSchema(schema)).isEmpty();
        JsonNode response = json("{\"s\": [" + String.join(", ", java.util.Collections.nCopies(200, "\"x\"")) + "]}");
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> validation.validateResponse(schema, response)))
                .singleElement().extracting(Violation::message).asString().startsWith("validation-steps:");
    }

    @Test
    void theLargestAcceptedDoublingChainIsSetAndCheckedQuickly() {
        JsonNode schema = json(doublingChain(12, "{\"$ref\": \"LAST\"}"));
        long started = System.nanoTime();
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(2), () -> validation.checkSchema(schema))).isEmpty();
        long accepted = System.nanoTime();
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> validation.validateResponse(schema, json("{\"s\": \"x\"}")))).isEmpty();
        long firstSubmit = System.nanoTime();
        validation.validateResponse(schema, json("{\"s\": \"y\"}"));
        System.out.printf("schema cost: 12-level allOf chain (16381 subschemas expanded) accepted in %.1f ms, "
                        + "first submit (compile + check) %.1f ms, next submit %.1f ms%n", (accepted - started) / 1e6,
                (firstSubmit - accepted) / 1e6, (System.nanoTime() - firstSubmit) / 1e6);
    }

    @Test
    void aLongStringAgainstALargePatternIsRefusedBeforeMatching() {
        JsonNode schema = stringPattern("[a-z]{1000}".repeat(4));
        assertThat(validation.checkSchema(schema)).isEmpty();
        List<Violation> violations = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> validation.validateResponse(schema, json("{\"s\": \"" + "a".repeat(30_000) + "\"}")));
        assertThat(violations).singleElement().extracting(Violation::message).asString().startsWith("pattern-work:");
    }

    @Test
    void aRealisticFormIsAcceptedAndValidatedAsBefore() {
        JsonNode schema = json("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "$defs": {"box": {"type": "object", "required": ["x", "y", "label"], "additionalProperties": false,
                                   "properties": {"x": {"type": "integer", "minimum": 0}, "y": {"type": "integer", "minimum": 0},
                                                  "label": {"$ref": "#/$defs/label"}}},
                           "label": {"type": "string", "enum": ["cat", "dog", "bird"]}},
                 "required": ["label"],
                 "properties": {"label": {"$ref": "#/$defs/label"},
                                "boxes": {"type": "array", "maxItems": 100, "items": {"$ref": "#/$defs/box"}},
                                "quality": {"oneOf": [{"const": "good"}, {"const": "bad"}]},
                                "note": {"type": "string", "maxLength": 2000, "pattern": "^[^<>]*$"}}}""");
        assertThat(validation.checkSchema(schema)).isEmpty();
        assertThat(validation.validateResponse(schema, json("""
                {"label": "cat", "boxes": [{"x": 1, "y": 2, "label": "dog"}], "quality": "good", "note": "fine"}""")))
                .isEmpty();
        assertThat(paths(validation.validateResponse(schema, json("""
                {"label": "cow", "boxes": [{"x": -1, "y": 2, "label": "dog"}], "quality": "good", "note": "<b>"}"""))))
                .containsExactlyInAnyOrder("/boxes/0/x", "/label", "/note");
    }
}
