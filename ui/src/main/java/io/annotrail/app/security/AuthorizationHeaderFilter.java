package io.annotrail.app.security;

import io.annotrail.app.identity.AppUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates one scheme of the {@code Authorization} header. Credentials of that scheme that do not check out
 * are answered 401 at once; a request without them continues unauthenticated and is refused by the
 * authorization rules unless its path is public.
 */
abstract class AuthorizationHeaderFilter extends OncePerRequestFilter {

    private final String scheme;
    private final AuthenticationEntryPoint entryPoint;

    AuthorizationHeaderFilter(String scheme, AuthenticationEntryPoint entryPoint) {
        this.scheme = scheme + " ";
        this.entryPoint = entryPoint;
    }

    /**
     * The user the credentials (the header's value after the scheme) belong to, if they are valid. May instead throw
     * an {@link AuthenticationException} whose message tells the client why they were refused.
     */
    abstract Optional<AppUser> authenticate(String credentials, HttpServletRequest request);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<AppUser> user;
        try {
            user = authenticate(header.substring(scheme.length()).trim(), request);
        } catch (AuthenticationException e) {
            // A scheme that can say why the credentials were refused (an expired or wrongly addressed JWT), or a
            // password check refused by the throttle (the entry point answers 429 then).
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, e);
            return;
        }
        if (user.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("invalid credentials"));
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new AppUserAuthentication(user.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
