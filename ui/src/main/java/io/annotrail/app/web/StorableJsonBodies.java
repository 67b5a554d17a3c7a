package io.annotrail.app.web;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.StorableText;
import io.annotrail.domain.common.Violation;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Every JSON request body the REST API reads is first checked for text PostgreSQL cannot store (NUL, lone
 * surrogates: {@link StorableText}) in any string or object key, so no such value becomes an event that a read
 * model would then refuse. The answer is {@code 400 UNSUPPORTED_CHARACTER} naming the JSON pointer of the value.
 * <p>
 * One token pass over a body already held to {@code ANNOTRAIL_MAX_BODY_BYTES}; a body that is not valid JSON is
 * passed on untouched for the converter to refuse as before. (Imports are raw bodies: their parser checks each line.)
 */
@ControllerAdvice(basePackages = "io.annotrail.app") // the REST API; Hilla's /connect controller answers in its own shape
class StorableJsonBodies extends RequestBodyAdviceAdapter {

    private final JsonMapper mapper;

    StorableJsonBodies(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return JacksonJsonHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = inputMessage.getBody().readAllBytes();
        Violation violation = scan(mapper, body);
        if (violation != null) {
            throw new DomainException(ErrorCode.UNSUPPORTED_CHARACTER,
                    "the value at " + (violation.path().isEmpty() ? "the root" : violation.path()) + " " + violation.message(),
                    List.of(violation));
        }
        HttpHeaders headers = inputMessage.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /** The first unstorable string or key of a JSON document, with its JSON pointer; null if none (or not JSON). */
    static Violation scan(JsonMapper mapper, byte[] json) {
        try (JsonParser parser = mapper.createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.PROPERTY_NAME || token == JsonToken.VALUE_STRING) {
                    String problem = StorableText.problem(parser.getString());
                    if (problem != null) {
                        String pointer = parser.streamReadContext().pathAsPointer().toString();
                        return new Violation(pointer, token == JsonToken.PROPERTY_NAME ? "the key " + problem : problem);
                    }
                }
            }
            return null;
        } catch (JacksonException e) {
            return null; // not JSON, or beyond a limit: the converter answers that
        }
    }
}
