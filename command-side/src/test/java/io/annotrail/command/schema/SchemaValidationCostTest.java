package io.annotrail.command.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.annotrail.command.infra.Json;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Violation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.annotrail.command.support.Schemas.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting every keyword evaluation must not change an answer. Also prints what a submit costs with the counting
 * and without it (the library on its own, compiled once), for a realistic form.
 */
class SchemaValidationCostTest {

    private static final ObjectMapper JACKSON2 = new ObjectMapper();

    private static final JsonNode FORM = json("""
            {"type": "object",
             "$defs": {"box": {"type": "object", "required": ["x", "y", "w", "h", "label"], "additionalProperties": false,
                               "properties": {"x": {"type": "integer", "minimum": 0}, "y": {"type": "integer", "minimum": 0},
                                              "w": {"type": "integer", "minimum": 1}, "h": {"type": "integer", "minimum": 1},
                                              "label": {"$ref": "#/$defs/label"}}},
                       "label": {"type": "string", "enum": ["cat", "dog", "bird", "other"]}},
             "required": ["label", "boxes"],
             "properties": {"label": {"$ref": "#/$defs/label"},
                            "boxes": {"type": "array", "maxItems": 50, "items": {"$ref": "#/$defs/box"}},
                            "quality": {"oneOf": [{"const": "good"}, {"const": "blurry"}, {"const": "bad"}]},
                            "tags": {"type": "array", "uniqueItems": true, "items": {"type": "string", "pattern": "^[a-z][a-z0-9-]{0,31}$"}},
                            "note": {"type": "string", "maxLength": 2000}}}""");

    private static final List<JsonNode> RESPONSES = List.of(
            json("""
                    {"label": "cat", "boxes": [{"x": 1, "y": 2, "w": 30, "h": 40, "label": "cat"},
                                               {"x": 50, "y": 60, "w": 10, "h": 10, "label": "dog"}],
                     "quality": "good", "tags": ["outdoor", "day-1"], "note": "two animals"}"""),
            json("""
                    {"label": "cow", "boxes": [{"x": -1, "y": 2, "w": 0, "h": 40, "label": "cat", "z": 1}],
                     "quality": "meh", "tags": ["Outdoor", "Outdoor"]}"""),
            json("{\"boxes\": \"none\"}"));

    private static Set<String> answers(List<Violation> violations) {
        TreeSet<String> answers = new TreeSet<>();
        violations.forEach(v -> answers.add(v.path() + " " + v.message()));
        return answers;
    }

    private static Set<String> plainAnswers(JsonSchema plain, JsonNode response) throws Exception {
        TreeSet<String> answers = new TreeSet<>();
        for (ValidationMessage m : plain.validate(JACKSON2.readTree(Json.write(response)))) {
            answers.add(m.getInstanceLocation() + " " + m.getError());
        }
        return answers;
    }

    private static JsonSchema plainLibrary() throws Exception {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .regularExpressionFactory(Re2jRegularExpressionFactory.INSTANCE)
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(false)
                .build();
        JsonSchema plain = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(JACKSON2.readTree(Json.write(FORM)), config);
        plain.initializeValidators();
        return plain;
    }

    @Test
    void countingEveryKeywordEvaluationChangesNoAnswer() throws Exception {
        SchemaValidation validation = new SchemaValidation();
        assertThat(validation.checkSchema(FORM)).isEmpty();
        JsonSchema plain = plainLibrary();
        for (JsonNode response : RESPONSES) {
            assertThat(answers(validation.validateResponse(FORM, response))).isEqualTo(plainAnswers(plain, response));
        }
        assertThat(answers(validation.validateResponse(FORM, RESPONSES.get(1)))).hasSizeGreaterThan(4);

        ProjectId project = ProjectId.random();
        int n = 20_000;
        double bestPlain = Double.MAX_VALUE;
        double bestCounted = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                plain.validate(JACKSON2.readTree(Json.write(RESPONSES.get(i % 2))));
            }
            bestPlain = Math.min(bestPlain, (System.nanoTime() - started) / 1e3 / n);
            started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                validation.validateResponse(project, 1, () -> FORM, RESPONSES.get(i % 2));
            }
            bestCounted = Math.min(bestCounted, (System.nanoTime() - started) / 1e3 / n);
        }
        System.out.printf("schema cost: per submit, realistic form: library alone %.1f us, with bounds and counting %.1f us%n",
                bestPlain, bestCounted);
    }
}
