package io.annotrail.app.security;

import io.annotrail.app.identity.UserAccounts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Ends a browser session whose account was disabled or whose credentials changed since it signed in: on every
 * request, the session's credentials version is compared with the account's (one primary-key read). Kept in the
 * database rather than in a session registry so that it holds with several instances and across restarts. The
 * request then goes on unauthenticated: endpoint calls get 401, views the login page.
 */
class SessionCredentialsFilter extends OncePerRequestFilter {

    private final UserAccounts accounts;

    SessionCredentialsFilter(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof AppUserAuthentication app) {
            Optional<Long> version = accounts.credentialsVersion(app.user().id());
            if (version.isEmpty() || version.get() != app.user().credentialsVersion()) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
            }
        }
        chain.doFilter(request, response);
    }
}
