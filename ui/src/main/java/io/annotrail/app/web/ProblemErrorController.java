package io.annotrail.app.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * The servlet container's error page (replacing Boot's, which answered its own JSON or HTML): what failed outside
 * Spring MVC — an exception thrown by a filter (the bearer-token lookup when the database is down), a
 * {@code sendError} from the container or a filter — is answered with the same problem, built by the same mapping,
 * as a failure inside a controller. It writes the problem itself rather than through content negotiation, so an
 * {@code Accept} header that excludes JSON cannot turn the error into another error.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    private final ApiExceptionHandler handler;
    private final JsonMapper mapper;

    ProblemErrorController(ApiExceptionHandler handler, JsonMapper mapper) {
        this.handler = handler;
        this.mapper = mapper;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ProblemDetail problem;
        if (failure != null) {
            problem = handler.problemFor(failure);
        } else if (status instanceof Integer code) {
            problem = Problems.fromContainer(code, (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE));
        } else {
            // Asked for directly: there is no error to report and no such resource.
            problem = Problems.forStatus(404, "no such resource");
        }
        response.resetBuffer();
        Problems.write(response, mapper, problem);
    }
}
