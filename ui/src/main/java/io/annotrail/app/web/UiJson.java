package io.annotrail.app.web;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.StorableText;
import io.annotrail.domain.common.Violation;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * JSON values cross the browser boundary as strings (a schema, a task's data, a response): the generated TypeScript
 * stays simple and the client parses them itself. Parsing goes through the application's mapper, so the same depth
 * and size limits as the REST API apply, and text PostgreSQL cannot store is refused the same way.
 */
@Component
public class UiJson {

    private final JsonMapper mapper;

    UiJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The parsed value; a syntax error is a validation error on {@code field}. */
    public JsonNode parse(String field, String json) {
        if (json == null || json.isBlank()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, field + " is required",
                    List.of(new Violation(field, "required")));
        }
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new DomainException(ErrorCode.MALFORMED_REQUEST, field + " is not valid JSON",
                    List.of(new Violation(field, "not valid JSON: " + e.getOriginalMessage())));
        }
        // The same answer as the REST API's for a body with text PostgreSQL cannot store.
        Violation unstorable = StorableText.firstProblem(node, field);
        if (unstorable != null) {
            throw new DomainException(ErrorCode.UNSUPPORTED_CHARACTER,
                    "the value at " + unstorable.path() + " " + unstorable.message(), List.of(unstorable));
        }
        return node;
    }

    /** {@code null} for a missing value. */
    public String write(JsonNode node) {
        return node == null || node.isMissingNode() ? null : mapper.writeValueAsString(node);
    }
}
