package io.annotrail.app.security;

import io.annotrail.app.identity.AccessTokens;
import io.annotrail.app.identity.UserAccounts;
import io.annotrail.app.web.Problems;
import io.annotrail.domain.common.ErrorCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may reach what. The REST API is stateless: bearer tokens on every request (personal access tokens, or an
 * OIDC provider's access tokens when one is configured), HTTP Basic only to mint a token.
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

    @Bean
    AuthenticationEntryPoint problemEntryPoint(JsonMapper mapper) {
        return (request, response, e) -> {
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

    @Bean
    AccessDeniedHandler problemAccessDenied(JsonMapper mapper) {
        return (request, response, e) -> Problems.write(response, mapper,
                Problems.of(ErrorCode.FORBIDDEN, "you may not do this"));
    }

    /** Minting a token: HTTP Basic with a username and password, nothing else. */
    @Bean
    @Order(1)
    SecurityFilterChain tokenMintingChain(HttpSecurity http, UserAccounts accounts,
                                          AuthenticationEntryPoint entryPoint, AccessDeniedHandler denied) throws Exception {
        http.securityMatcher(request -> HttpMethod.POST.matches(request.getMethod())
                        && "/api/v1/tokens".equals(request.getRequestURI()))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BasicCredentialsFilter(accounts, entryPoint), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, AccessTokens tokens, OidcAuthenticator oidc,
                                 AuthenticationEntryPoint entryPoint, AccessDeniedHandler denied) throws Exception {
        http.csrf(c -> c.disable()) // bearer tokens are not ambient credentials: no CSRF risk
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
}
