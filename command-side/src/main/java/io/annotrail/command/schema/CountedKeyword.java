package io.annotrail.command.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonValidator;
import com.networknt.schema.Keyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.ValidationContext;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.Vocabularies;
import com.networknt.schema.Vocabulary;

import java.util.Set;

/**
 * A keyword whose every evaluation is one step of the {@link ValidationBudget}. Wraps the library's own keywords
 * in each draft we accept, so the count covers allOf/anyOf/oneOf branches, every property, every array element.
 */
final class CountedKeyword implements Keyword {

    // The library recognises these by their validator class (type, the reference validators) or refuses to have
    // them replaced (format), so they are left as they are. References are bounded when the schema is set (no
    // cycles, bounded expansion) and every keyword a reference leads to is counted.
    private static final Set<String> LEFT_AS_IS = Set.of("type", "$ref", "$dynamicRef", "$recursiveRef", "format",
            "discriminator");

    private final Keyword keyword;

    private CountedKeyword(Keyword keyword) {
        this.keyword = keyword;
    }

    /** The same dialect with every keyword (except {@link #LEFT_AS_IS}) counted. */
    static JsonMetaSchema counted(JsonMetaSchema dialect) {
        return JsonMetaSchema.builder(dialect)
                .keywords(keywords -> keywords.replaceAll((name, keyword) -> wrap(keyword)))
                // 2019-09 and 2020-12 rebuild their keywords from vocabularies when built: count those too
                .vocabularyFactory(iri -> {
                    Vocabulary vocabulary = Vocabularies.getVocabulary(iri);
                    return vocabulary == null ? null : new Vocabulary(vocabulary.getIri(),
                            vocabulary.getKeywords().stream().map(CountedKeyword::wrap).toArray(Keyword[]::new));
                })
                .build();
    }

    private static Keyword wrap(Keyword keyword) {
        return LEFT_AS_IS.contains(keyword.getValue()) || keyword instanceof CountedKeyword ? keyword
                : new CountedKeyword(keyword);
    }

    @Override
    public String getValue() {
        return keyword.getValue();
    }

    @Override
    public JsonValidator newValidator(SchemaLocation schemaLocation, JsonNodePath evaluationPath, JsonNode schemaNode,
                                      JsonSchema parentSchema, ValidationContext validationContext) throws Exception {
        JsonValidator validator = keyword.newValidator(schemaLocation, evaluationPath, schemaNode, parentSchema,
                validationContext);
        return validator == null ? null : new Counted(validator);
    }

    private record Counted(JsonValidator validator) implements JsonValidator {

        @Override
        public Set<ValidationMessage> validate(ExecutionContext executionContext, JsonNode node, JsonNode rootNode,
                                               JsonNodePath instanceLocation) {
            ValidationBudget.step();
            return validator.validate(executionContext, node, rootNode, instanceLocation);
        }

        @Override
        public Set<ValidationMessage> walk(ExecutionContext executionContext, JsonNode node, JsonNode rootNode,
                                           JsonNodePath instanceLocation, boolean shouldValidateSchema) {
            return validator.walk(executionContext, node, rootNode, instanceLocation, shouldValidateSchema);
        }

        @Override
        public void preloadJsonSchema() throws JsonSchemaException {
            validator.preloadJsonSchema();
        }

        @Override
        public SchemaLocation getSchemaLocation() {
            return validator.getSchemaLocation();
        }

        @Override
        public JsonNodePath getEvaluationPath() {
            return validator.getEvaluationPath();
        }

        @Override
        public String getKeyword() {
            return validator.getKeyword();
        }

        @Override
        public String toString() {
            return validator.toString();
        }
    }
}
