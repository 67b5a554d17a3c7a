package io.annotrail.app.asset;

import io.annotrail.app.web.Problems;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.Violation;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

import java.util.List;

/**
 * Multipart bodies are parsed before any controller runs, so their failures reach only controller advice; ordered
 * first so that a malformed upload is a 400 and an oversized one a 413, never the catch-all 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MultipartProblems {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        return Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, "the upload is too large");
    }

    @ExceptionHandler(MultipartException.class)
    ProblemDetail malformed(MultipartException e) {
        return Problems.of(ErrorCode.MALFORMED_REQUEST, "the multipart body could not be read");
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    ProblemDetail missingPart(MissingServletRequestPartException e) {
        return Problems.of(ErrorCode.VALIDATION_FAILED, "a multipart part named '" + e.getRequestPartName()
                + "' is required", List.of(new Violation(e.getRequestPartName(), "required")));
    }
}
