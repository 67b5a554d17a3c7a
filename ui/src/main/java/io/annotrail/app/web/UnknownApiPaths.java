package io.annotrail.app.web;

import io.annotrail.domain.common.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * A path under {@code /api/} or {@code /assets/} that no controller has is a 404 problem, whatever the method. Without
 * this, Vaadin's catch-all mapping forwarded it to the web UI, which answered 200 with its index.html, and Boot's
 * static resources would answer 405 to anything but GET. Controllers' mappings come first (order 0), so a known path
 * with the wrong method, content type or {@code Accept} still gets its 405, 415 or 406; this sits just before Vaadin's
 * and Boot's catch-alls (both {@code LOWEST_PRECEDENCE - 1}), so the web UI's own routes are not affected.
 */
@Component
class UnknownApiPaths extends AbstractHandlerMapping {

    private final HttpRequestHandler notFound;

    UnknownApiPaths(JsonMapper mapper) {
        setOrder(Ordered.LOWEST_PRECEDENCE - 2);
        this.notFound = (request, response) -> Problems.write(response, mapper,
                Problems.of(ErrorCode.NOT_FOUND, "no such resource"));
    }

    static boolean owned(String path) {
        return path.equals("/api") || path.startsWith("/api/") || path.equals("/assets") || path.startsWith("/assets/");
    }

    @Override
    protected Object getHandlerInternal(HttpServletRequest request) {
        return owned(initLookupPath(request)) ? notFound : null;
    }
}
