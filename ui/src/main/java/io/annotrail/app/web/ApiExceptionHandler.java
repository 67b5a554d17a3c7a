package io.annotrail.app.web;

import io.annotrail.app.identity.SignInThrottledException;
import io.annotrail.domain.common.DomainError;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.Violation;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
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
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.MismatchedInputException;

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
    ProblemDetail command(CommandExecutionException e) {
        return e.getDetails().filter(DomainError.class::isInstance).map(DomainError.class::cast)
                .map(d -> Problems.of(d.code(), d.message(), d.violations() == null ? List.of() : d.violations()))
                .orElseGet(() -> unexpected(e));
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
    ProblemDetail mediaType(HttpMediaTypeNotSupportedException e) {
        ProblemDetail p = Problems.of(ErrorCode.MALFORMED_REQUEST, "unsupported content type " + e.getContentType());
        p.setStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        return p;
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ProblemDetail method(HttpRequestMethodNotSupportedException e) {
        ProblemDetail p = Problems.of(ErrorCode.MALFORMED_REQUEST, "method " + e.getMethod() + " is not supported here");
        p.setStatus(HttpStatus.METHOD_NOT_ALLOWED);
        return p;
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
    ProblemDetail unexpected(Exception e) {
        if (e.getCause() instanceof DomainException d) {
            return domain(d);
        }
        if (Gateways.isConcurrencyConflict(e)) {
            return concurrency(null);
        }
        log.error("Unexpected failure", e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "unexpected error");
        p.setProperty("code", "INTERNAL_ERROR");
        return p;
    }
}
