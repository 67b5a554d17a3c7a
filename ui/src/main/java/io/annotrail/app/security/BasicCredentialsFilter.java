package io.annotrail.app.security;

import io.annotrail.app.identity.UserAccounts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic for the one endpoint that takes it: minting a personal access token. */
class BasicCredentialsFilter extends OncePerRequestFilter {

    private final UserAccounts accounts;
    private final AuthenticationEntryPoint entryPoint;

    BasicCredentialsFilter(UserAccounts accounts, AuthenticationEntryPoint entryPoint) {
        this.accounts = accounts;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            chain.doFilter(request, response);
            return;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            entryPoint.commence(request, response, new BadCredentialsException("malformed Basic credentials"));
            return;
        }
        int colon = decoded.indexOf(':');
        var user = colon < 0 ? java.util.Optional.<io.annotrail.app.identity.AppUser>empty()
                : accounts.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
        if (user.isEmpty()) {
            entryPoint.commence(request, response, new BadCredentialsException("bad credentials"));
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new AppUserAuthentication(user.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
