package io.annotrail.app.security;

import io.annotrail.app.identity.AppUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Clock;

/**
 * The browser's sign-in with the OIDC provider: Spring's {@code oauth2Login} (authorization code with PKCE, state
 * and nonce checked by Spring), added to the browser chain beside the local form login when an issuer and a client
 * id are configured. Start URL {@value #START_URL}; the provider returns to {@code /login/oauth2/code/oidc}.
 * <p>
 * The signed-in person is mapped onto the one identity model by {@link OidcIdentities}, as the API's access tokens
 * are, and the session then holds an {@link AppUserAuthentication} (not Spring's {@code OAuth2AuthenticationToken}),
 * so {@link CurrentUser}, the {@code @BrowserCallable} services and the role checks see a browser user the same
 * whichever way they signed in. Any failure (a disabled account, a state that matches no sign-in this browser
 * started, a provider error, the provider unreachable) returns to {@code /login?error}, without a session user.
 */
@Component
class OidcBrowserLogin {

    static final String START_URL = "/oauth2/authorization/" + OidcClientRegistrations.REGISTRATION_ID;
    static final String FAILURE_URL = "/login?error";
    static final String LOGOUT_URL = "/login?logout";

    private static final Logger log = LoggerFactory.getLogger(OidcBrowserLogin.class);

    private final OidcProperties properties;
    private final OidcIdentities identities;
    private final SecurityContextHolderStrategy contexts;
    private final OidcClientRegistrations registrations;
    private final OidcUserService oidcUsers = new OidcUserService();
    /** The chain's default, named here because the success handler saves the swapped context through it too. */
    private final SecurityContextRepository contextRepository = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());

    OidcBrowserLogin(OidcProperties properties, OidcIdentities identities, SecurityContextHolderStrategy contexts, Clock clock) {
        this.properties = properties;
        this.identities = identities;
        this.contexts = contexts;
        this.registrations = new OidcClientRegistrations(properties, clock);
        if (properties.enabled() && !properties.browserLoginEnabled()) {
            log.info("OIDC browser sign-in is off: ANNOTRAIL_OIDC_CLIENT_ID is not set");
        }
    }

    boolean enabled() {
        return properties.browserLoginEnabled();
    }

    String label() {
        return properties.displayName();
    }

    /** Adds the OIDC sign-in to the browser chain; nothing when it is off. */
    void configure(HttpSecurity http, RequestCache requestCache) throws Exception {
        if (!enabled()) {
            return;
        }
        SavedRequestAwareAuthenticationSuccessHandler afterLogin = new SavedRequestAwareAuthenticationSuccessHandler();
        afterLogin.setRequestCache(requestCache); // back to the view that sent the visitor to the login page
        AuthenticationFailureHandler failed = failureHandler();
        http.oauth2Login(o -> o
                .loginPage("/login")
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(new NoAuthorizedClients())
                .securityContextRepository(contextRepository)
                .userInfoEndpoint(u -> u.oidcUserService(this::loadUser))
                .successHandler(new AppUserSessionSuccessHandler(afterLogin))
                .failureHandler(failed)
                // Without this, a start that cannot be redirected (the provider unreachable, so no registration)
                // would answer a bare 500 instead of the login page with a message.
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(failed);
                        return filter;
                    }
                }));
    }

    /**
     * After logout: for a session signed in with OIDC whose provider advertises an {@code end_session_endpoint},
     * RP-initiated logout there (with the ID token as hint), which sends the browser back to {@code /login?logout};
     * otherwise straight to {@code /login?logout}. The local session is gone either way before this runs.
     */
    LogoutSuccessHandler logoutSuccessHandler() {
        SimpleUrlLogoutSuccessHandler local = new SimpleUrlLogoutSuccessHandler();
        local.setDefaultTargetUrl(LOGOUT_URL);
        OidcClientInitiatedLogoutSuccessHandler provider = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        provider.setPostLogoutRedirectUri("{baseUrl}" + LOGOUT_URL);
        provider.setDefaultTargetUrl(LOGOUT_URL);
        return (request, response, authentication) -> {
            if (authentication instanceof AppUserAuthentication app && app.oidcIdToken().isPresent()) {
                // Spring's handler reads the ID token from an OAuth2AuthenticationToken: present it as one.
                OidcUser oidcUser = new DefaultOidcUser(app.getAuthorities(), app.oidcIdToken().get());
                provider.onLogoutSuccess(request, response, new OAuth2AuthenticationToken(oidcUser,
                        app.getAuthorities(), OidcClientRegistrations.REGISTRATION_ID));
            } else {
                local.onLogoutSuccess(request, response, authentication);
            }
        };
    }

    /** Spring's OIDC user (ID token claims, plus userinfo's when the provider has it), mapped onto an account. */
    private OidcUser loadUser(OidcUserRequest request) {
        OidcUser oidcUser = oidcUsers.loadUser(request);
        if (oidcUser.getSubject() == null || oidcUser.getSubject().isBlank()) {
            throw new OAuth2AuthenticationException(new OAuth2Error("invalid_id_token", "no subject", null));
        }
        AppUser user = identities.userFor(oidcUser).orElseThrow(() -> new OAuth2AuthenticationException(
                new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED, "account disabled", null)));
        return new SignedInOidcUser(oidcUser, user);
    }

    private static AuthenticationFailureHandler failureHandler() {
        SimpleUrlAuthenticationFailureHandler redirect = new SimpleUrlAuthenticationFailureHandler(FAILURE_URL);
        return (request, response, exception) -> {
            // The reason stays in the log: the login page only says that it failed.
            String reason = exception instanceof OAuth2AuthenticationException oauth
                    ? oauth.getError().getErrorCode() + (oauth.getError().getDescription() == null ? ""
                    : " (" + oauth.getError().getDescription() + ")")
                    : exception.getMessage();
            log.info("OIDC sign-in failed: {}", reason);
            redirect.onAuthenticationFailure(request, response, exception);
        };
    }

    /** An OIDC user that knows its account, for the success handler to put into the session. */
    private static final class SignedInOidcUser extends DefaultOidcUser {

        private final AppUser user;

        SignedInOidcUser(OidcUser oidcUser, AppUser user) {
            super(oidcUser.getAuthorities(), oidcUser.getIdToken(), oidcUser.getUserInfo(), "sub");
            this.user = user;
        }
    }

    /**
     * Replaces the {@code OAuth2AuthenticationToken} Spring's login filter has just put into the security context
     * (and saved in the session, whose id it has already changed) by the application's own authentication, then
     * redirects as usual.
     */
    private final class AppUserSessionSuccessHandler implements AuthenticationSuccessHandler {

        private final AuthenticationSuccessHandler next;

        AppUserSessionSuccessHandler(AuthenticationSuccessHandler next) {
            this.next = next;
        }

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                            Authentication authentication) throws IOException, jakarta.servlet.ServletException {
            if (!(authentication.getPrincipal() instanceof SignedInOidcUser signedIn)) {
                throw new IllegalStateException("unexpected OIDC principal " + authentication.getPrincipal());
            }
            AppUserAuthentication app = new AppUserAuthentication(signedIn.user, signedIn.getIdToken());
            app.setDetails(authentication.getDetails());
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(app);
            contexts.setContext(context);
            contextRepository.saveContext(context, request, response);
            log.info("OIDC sign-in of user {} ({})", signedIn.user.username(), signedIn.user.id());
            next.onAuthenticationSuccess(request, response, app);
        }
    }

    /**
     * Keeps no authorized clients: the application never calls the provider's APIs on the user's behalf, so the
     * provider's access and refresh tokens would only be a liability in the session.
     */
    private static final class NoAuthorizedClients implements OAuth2AuthorizedClientRepository {

        @Override
        public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
                Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal,
                                         HttpServletRequest request, HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String clientRegistrationId, Authentication principal,
                                           HttpServletRequest request, HttpServletResponse response) {
        }
    }
}
