package io.annotrail.app.web;

import io.annotrail.app.identity.SignInThrottledException;
import io.annotrail.domain.common.DomainError;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.Violation;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;

/** Every failure leaves as an RFC 9457 problem with a stable {@code code}. */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(DomainException.class)
    ProblemDetail domain(DomainException e) {
        return Problems.of(e.code(), e.getMessage(), e.violations());
    }

    /** A throttled password check (a password change): 429 with {@code Retry-After}, as the sign-in doors answer. */
    @ExceptionHandler(SignInThrottledException.class)
    ResponseEntity<ProblemDetail> throttled(SignInThrottledException e) {
        ProblemDetail problem = Problems.of(e.code(), e.getMessage());
        problem.setProperty("retryAfterSeconds", e.retryAfterSeconds());
        return ResponseEntity.status(problem.getStatus())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds())).body(problem);
    }

    @ExceptionHandler(CommandExecutionException.class)
    ProblemDetail command(CommandExecutionException e, HttpServletResponse response) {
        return e.getDetails().filter(DomainError.class::isInstance).map(DomainError.class::cast)
                .map(d -> Problems.of(d.code(), d.message(), d.violations() == null ? List.of() : d.violations()))
                .orElseGet(() -> unexpected(e, response));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail aggregateNotFound(AggregateNotFoundException e) {
        return Problems.of(ErrorCode.NOT_FOUND, "no such object");
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrency(ConcurrencyException e) {
        return Problems.of(ErrorCode.CONCURRENT_MODIFICATION, "the object was changed concurrently; retry");
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        List<Violation> violations = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new Violation(f.getField(), f.getDefaultMessage())).toList();
        return Problems.of(ErrorCode.VALIDATION_FAILED, "the request is invalid", violations);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ProblemDetail invalidParameters(HandlerMethodValidationException e) {
        List<Violation> violations = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> new Violation(r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
                .toList();
        return Problems.of(ErrorCode.VALIDATION_FAILED, "the request is invalid", violations);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof CorrelationAndLimitsFilter.BodyTooLargeException tooLarge) {
                return Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
            }
            if (cause instanceof StreamConstraintsException limits) {
                return Problems.of(ErrorCode.MALFORMED_REQUEST, "the JSON document exceeds a limit: " + limits.getOriginalMessage());
            }
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return Problems.of(ErrorCode.MALFORMED_REQUEST, "unknown field '" + unknown.getPropertyName() + "'",
                        List.of(new Violation(unknown.getPathReference(), "unknown field")));
            }
            if (cause instanceof MismatchedInputException mismatch) {
                return Problems.of(ErrorCode.MALFORMED_REQUEST, "a field has the wrong type or shape",
                        List.of(new Violation(mismatch.getPathReference(), mismatch.getOriginalMessage())));
            }
            cause = cause.getCause();
        }
        return Problems.of(ErrorCode.MALFORMED_REQUEST, "the request body is missing or is not valid JSON");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.of(ErrorCode.VALIDATION_FAILED, "'" + e.getName() + "' is not valid",
                List.of(new Violation(e.getName(), "invalid value")));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missingParameter(MissingServletRequestParameterException e) {
        return Problems.of(ErrorCode.VALIDATION_FAILED, "missing parameter '" + e.getParameterName() + "'",
                List.of(new Violation(e.getParameterName(), "required")));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(e.getHeaders())
                .body(Problems.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "unsupported content type " + e.getContentType()));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ProblemDetail notAcceptable(HttpMediaTypeNotAcceptableException e) {
        // Spring falls back on application/problem+json for a ProblemDetail whatever the Accept header asked for.
        return Problems.of(ErrorCode.NOT_ACCEPTABLE, "this resource is available as "
                + (e.getSupportedMediaTypes().isEmpty() ? "application/json" : MediaType.toString(e.getSupportedMediaTypes())));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(e.getHeaders())
                .body(Problems.of(ErrorCode.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not supported here"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail noResource(NoResourceFoundException e) {
        return Problems.of(ErrorCode.NOT_FOUND, "no such resource");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail upload(MaxUploadSizeExceededException e) {
        return Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, "the upload is too large");
    }

    @ExceptionHandler(CorrelationAndLimitsFilter.BodyTooLargeException.class)
    ProblemDetail tooLarge(CorrelationAndLimitsFilter.BodyTooLargeException e) {
        return Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
    ProblemDetail denied(org.springframework.security.access.AccessDeniedException e) {
        return Problems.of(ErrorCode.FORBIDDEN, "you may not do this");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletResponse response) {
        ProblemDetail problem = problemFor(e);
        Problems.addHeaders(response, problem);
        return problem;
    }

    /**
     * The one mapping from a failure to its problem, shared by the MVC handlers above, the container's error
     * dispatch ({@link ProblemErrorController}) and the outermost filter ({@link CorrelationAndLimitsFilter}), which
     * see what failed outside MVC.
     */
    ProblemDetail problemFor(Throwable failure) {
        Throwable e = failure;
        while (e instanceof ServletException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof DomainException d) {
            return domain(d);
        }
        if (e.getCause() instanceof DomainException d) {
            return domain(d);
        }
        if (e instanceof CommandExecutionException c && c.getDetails().orElse(null) instanceof DomainError d) {
            return Problems.of(d.code(), d.message(), d.violations() == null ? List.of() : d.violations());
        }
        if (Gateways.isConcurrencyConflict(e)) {
            return concurrency(null);
        }
        if (ConnectionFailures.isCause(e)) {
            log.warn("Database unreachable, answering 503: {}", rootMessage(e));
            return Problems.of(ErrorCode.SERVICE_UNAVAILABLE,
                    "the database cannot be reached right now; nothing was stored; retry shortly");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidParameterException invalid) {
                // Tomcat refuses to decode the query string or form body (a bad %-escape, too many parameters).
                return Problems.forStatus(invalid.getErrorCode() > 0 ? invalid.getErrorCode() : 400,
                        "the query string or form body cannot be decoded");
            }
        }
        if (e instanceof HttpMessageNotReadableException unreadable) {
            return unreadable(unreadable);
        }
        if (e instanceof org.springframework.security.access.AccessDeniedException) {
            return denied(null);
        }
        if (e instanceof org.springframework.security.core.AuthenticationException) {
            return Problems.of(ErrorCode.UNAUTHENTICATED, "authentication required");
        }
        if (e instanceof ErrorResponse known) {
            // Spring's own exceptions (no handler, a missing header, an async timeout...) carry their status.
            return Problems.forStatus(known.getStatusCode().value(), known.getBody().getDetail());
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClientAbortException || t instanceof AsyncRequestNotUsableException) {
                // The client went away (or the server is shutting down under it): nobody reads this answer, and it
                // is not a fault of ours worth an error with a stack trace.
                log.debug("Client gone before the answer was written: {}", t.toString());
                return Problems.of(ErrorCode.MALFORMED_REQUEST, "the client closed the connection");
            }
        }
        log.error("Unexpected failure", e);
        return Problems.of(ErrorCode.INTERNAL_ERROR, "unexpected error");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
