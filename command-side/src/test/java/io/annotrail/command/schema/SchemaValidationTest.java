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
                .extracting(Violation::message).asString().contains("deeper");
    }

    @Test
    void aSchemaLargerThanSixtyFourKibibytesIsRejected() {
        String big = "{\"type\": \"object\", \"description\": \"" + "x".repeat(70_000) + "\"}";
        assertThat(validation.checkSchema(json(big))).singleElement()
                .extracting(Violation::message).asString().contains("larger");
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
}
