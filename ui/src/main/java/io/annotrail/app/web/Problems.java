package io.annotrail.app.web;

import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.Violation;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** Builds RFC 9457 problem documents with Annotrail's stable {@code code} member. */
public final class Problems {

    /** The {@code Retry-After} of every 503, in seconds. */
    public static final String RETRY_AFTER_SECONDS = "5";

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
            case NOT_ACCEPTABLE -> HttpStatus.NOT_ACCEPTABLE;
            case METHOD_NOT_ALLOWED -> HttpStatus.METHOD_NOT_ALLOWED;
            case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
            case THROTTLED -> HttpStatus.TOO_MANY_REQUESTS;
        };
    }

    /**
     * A failure known only by its status (Spring's own exceptions, the servlet container's error dispatch): the code
     * that status stands for in the catalogue, keeping the status itself where no code matches it exactly.
     */
    public static ProblemDetail forStatus(int status, String detail) {
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.MALFORMED_REQUEST;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.TOO_MANY_ATTEMPTS;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status < 500 ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
        ProblemDetail problem = of(code, detail);
        HttpStatus exact = HttpStatus.resolve(status);
        if (exact != null && problem.getStatus() != status) {
            problem.setStatus(exact);
            problem.setTitle(exact.getReasonPhrase());
        }
        return problem;
    }

    /**
     * What the servlet container refused on its own, before any application code saw the request (an unparsable
     * or dangerous URI): a 400 there is always about the request line, so it gets the code the firewall uses.
     */
    public static ProblemDetail fromContainer(int status, String detail) {
        return status == HttpStatus.BAD_REQUEST.value()
                ? of(ErrorCode.REQUEST_REJECTED, detail == null || detail.isBlank() ? "the request was rejected" : detail)
                : forStatus(status, detail == null || detail.isBlank() ? "the request failed with status " + status : detail);
    }

    /**
     * Headers a problem implies: a 503 says when to come back. The outage is the database restarting or failing
     * over, which takes seconds; a fixed, short hint keeps well-behaved clients from hammering it meanwhile.
     */
    public static void addHeaders(HttpServletResponse response, ProblemDetail problem) {
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
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
        addHeaders(response, problem);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem);
    }
}
