package io.annotrail.app.security;

import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinDefaultRequestCache;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.annotrail.app.identity.AccessTokens;
import io.annotrail.app.identity.Credentials;
import io.annotrail.app.identity.SignInThrottledException;
import io.annotrail.app.identity.UserAccounts;
import io.annotrail.app.web.Problems;
import io.annotrail.domain.common.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Who may reach what. The REST API is stateless: bearer tokens on every request (personal access tokens, or an
 * OIDC provider's access tokens when one is configured), HTTP Basic only to mint a token. Everything else is the
 * browser UI (Hilla): form login against the local accounts and, when configured, sign-in with the OIDC provider
 * (authorization code + PKCE); either way a session cookie and CSRF tokens.
 * Per-object checks (the caller's role in the workspace that owns the object) happen in the command side and
 * in the controllers; this layer only makes sure every request is authenticated.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Spring's JVM-wide thread-local strategy instead of the one Vaadin would register: Vaadin's is a new instance
     * (its own thread-local) per application context and replaces the global one, so with two contexts in a JVM
     * (the test suite) the older context's filter chains and {@link CurrentUser} looked at different holders and
     * every request came out unauthenticated. Vaadin's only reads the security context from a VaadinSession, which
     * Flow's server-side UI needs and Hilla's request/response endpoints do not.
     */
    @Bean
    SecurityContextHolderStrategy securityContextHolderStrategy() {
        return SecurityContextHolder.getContextHolderStrategy();
    }

    @Bean
    AuthenticationEntryPoint problemEntryPoint(JsonMapper mapper) {
        return (request, response, e) -> {
            if (e instanceof SignInThrottledAuthenticationException throttled) {
                writeThrottled(response, mapper, throttled.throttled());
                return;
            }
            if (request.getRequestURI().equals("/api/v1/tokens")) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"annotrail\"");
            } else if (request.getHeader("Authorization") != null
                    && request.getHeader("Authorization").regionMatches(true, 0, "Bearer ", 0, 7)) {
                // RFC 6750 section 3.1: a bearer token was sent and refused (not merely missing).
                response.setHeader("WWW-Authenticate", "Bearer realm=\"annotrail\", error=\"invalid_token\"");
            } else {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"annotrail\"");
            }
            Problems.write(response, mapper, Problems.of(ErrorCode.UNAUTHENTICATED,
                    "authentication required: " + e.getMessage()));
        };
    }

    /** 429 with {@code Retry-After}: the API's answer to a throttled password check, and the login form's. */
    static void writeThrottled(HttpServletResponse response, JsonMapper mapper, SignInThrottledException e)
            throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        ProblemDetail problem = Problems.of(e.code(), e.getMessage());
        problem.setProperty("retryAfterSeconds", e.retryAfterSeconds());
        Problems.write(response, mapper, problem);
    }

    /**
     * The login form's failures: a throttled attempt is answered 429 in place (the page shows how long to wait);
     * any other failure returns to the login page with {@code ?error}, as before.
     */
    static AuthenticationFailureHandler loginFailureHandler(JsonMapper mapper) {
        AuthenticationFailureHandler otherwise = new SimpleUrlAuthenticationFailureHandler("/login?error");
        return (request, response, e) -> {
            if (e instanceof SignInThrottledAuthenticationException throttled) {
                writeThrottled(response, mapper, throttled.throttled());
            } else {
                otherwise.onAuthenticationFailure(request, response, e);
            }
        };
    }

    @Bean
    AccessDeniedHandler problemAccessDenied(JsonMapper mapper) {
        return (request, response, e) -> Problems.write(response, mapper,
                Problems.of(ErrorCode.FORBIDDEN, "you may not do this"));
    }

    /**
     * The firewall's refusals (a {@code ;}, an encoded slash or dot, a backslash, a non-printable character in the
     * URI) answer the same problem as every other refusal instead of a bare 400 from the container. It runs before
     * any chain, so for every path; the detail does not echo the refused input.
     */
    @Bean
    RequestRejectedHandler problemRequestRejected(JsonMapper mapper) {
        return (request, response, e) -> {
            if (!response.isCommitted()) {
                response.resetBuffer();
                Problems.write(response, mapper, Problems.of(ErrorCode.REQUEST_REJECTED,
                        "the request was rejected: its URI contains a sequence that is not allowed"));
            }
        };
    }

    /** Minting a token: HTTP Basic with a username and password, nothing else. */
    @Bean
    @Order(1)
    SecurityFilterChain tokenMintingChain(HttpSecurity http, Credentials credentials,
                                          AuthenticationEntryPoint entryPoint, AccessDeniedHandler denied) throws Exception {
        http.securityMatcher(request -> HttpMethod.POST.matches(request.getMethod())
                        && "/api/v1/tokens".equals(request.getRequestURI()))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BasicCredentialsFilter(credentials, entryPoint), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated());
        return http.build();
    }

    /** The REST API and the machine-facing endpoints beside it: 401/403 problems, never a redirect to a login page. */
    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, AccessTokens tokens, OidcAuthenticator oidc,
                                 AuthenticationEntryPoint entryPoint, AccessDeniedHandler denied) throws Exception {
        // "/error" stays here: an API request's error dispatch must keep answering a problem, not a login page.
        http.securityMatcher("/api/**", "/actuator/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                        "/swagger-ui/**", "/assets/**", "/error")
                .csrf(c -> c.disable()) // bearer tokens are not ambient credentials: no CSRF risk
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(tokens, oidc, entryPoint), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; frame-ancestors 'none'")))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/assets/**").permitAll() // signed URLs: the signature is the credential
                        .anyRequest().authenticated());
        return http.build();
    }

    /**
     * The browser UI: every request the other chains leave (views, Vaadin's bundle and internal requests, Hilla's
     * {@code /connect} endpoints). Vaadin's configurer permits its static and internal requests, protects the
     * file-router views by their {@code loginRequired} config, answers 401 (not a redirect) to endpoint calls
     * without a session, and sets up form login at {@code /login} and logout. {@link OidcBrowserLogin} adds the
     * OIDC sign-in beside it (both on at once) and its logout, which also ends the session at the provider.
     * <p>
     * CSRF is configured here rather than by Vaadin, whose default also exempts the login form: a forged login
     * would sign the victim in as the attacker. With Spring's token present, Hilla's endpoint controller accepts
     * Spring's check instead of its own {@code csrfToken} double-submit cookie; the Hilla client sends the token
     * from the page's {@code _csrf} meta tags.
     */
    @Bean
    @Order(3)
    SecurityFilterChain browserChain(HttpSecurity http, RequestUtil vaadinRequests, OidcBrowserLogin oidc,
                                     VaadinDefaultRequestCache requestCache, UserAccounts accounts,
                                     JsonMapper mapper) throws Exception {
        // The task-file upload of the batches page (BatchUploadController): a plain POST with the session and the
        // page's CSRF token. Vaadin's configurer denies every request that is neither a view nor its own.
        http.authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.POST, "/ui/batches/*/tasks").authenticated());
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> {
                    vaadin.loginView("/login", OidcBrowserLogin.LOGOUT_URL).enableCsrfConfiguration(false);
                    if (oidc.enabled()) {
                        vaadin.logoutSuccessHandler(oidc.logoutSuccessHandler());
                    }
                })
                .csrf(c -> c.ignoringRequestMatchers(vaadinRequests::isFrameworkInternalRequest))
                .headers(h -> h.frameOptions(f -> f.deny()));
        // Vaadin's configurer sets the login page but leaves the failure handler alone once one is set.
        http.formLogin(f -> f.failureHandler(loginFailureHandler(mapper)));
        http.addFilterBefore(new SessionCredentialsFilter(accounts), AnonymousAuthenticationFilter.class);
        oidc.configure(http, requestCache);
        return http.build();
    }
}
