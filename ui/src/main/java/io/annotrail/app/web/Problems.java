package io.annotrail.app.web;

import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.Violation;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** Builds RFC 9457 problem documents with Annotrail's stable {@code code} member. */
public final class Problems {

    private Problems() {
    }

    public static HttpStatus statusOf(ErrorCode code) {
        return switch (code.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case RULE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case THROTTLED -> HttpStatus.TOO_MANY_REQUESTS;
        };
    }

    public static ProblemDetail of(ErrorCode code, String detail) {
        return of(code, detail, List.of());
    }

    public static ProblemDetail of(ErrorCode code, String detail, List<Violation> violations) {
        HttpStatus status = statusOf(code);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://annotrail.io/problems/" + code.name().toLowerCase().replace('_', '-')));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code.name());
        if (!violations.isEmpty()) {
            problem.setProperty("violations", violations);
        }
        return problem;
    }

    /** For filters that answer before Spring MVC is reached. */
    public static void write(HttpServletResponse response, JsonMapper mapper, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem);
    }
}
