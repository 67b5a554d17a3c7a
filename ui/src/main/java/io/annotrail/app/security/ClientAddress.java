package io.annotrail.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The client address of the current request, as the throttle keys it: the socket's remote address. Headers such as
 * {@code X-Forwarded-For} are not read here; with Boot's forward-headers strategy configured
 * ({@code SERVER_FORWARD_HEADERS_STRATEGY}) the servlet container has already replaced the remote address with the
 * one a trusted proxy reported.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        return request.getRemoteAddr();
    }

    /** The current request's client address; "unknown" outside a request. */
    public static String current() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return of(attributes.getRequest());
        }
        return "unknown";
    }
}
