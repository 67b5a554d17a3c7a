package io.annotrail.app.security;

import io.annotrail.app.identity.AppUser;
import io.annotrail.app.identity.UserAccounts;
import io.annotrail.app.web.Gateways;
import io.annotrail.command.directory.Directory;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.workspace.AssignMemberRoleCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Authenticates an OIDC provider's access token (a JWT) and maps it onto the one identity model: the
 * {@link AppUser} with that issuer and subject, provisioned on first sight. Then applies the group → workspace
 * role mapping.
 * <p>
 * The decoder is built lazily, on the first token, from the issuer's discovery document: the application starts
 * (and serves personal access tokens) while the provider is down, and a failed discovery is retried by the next
 * token, at most every {@link #DISCOVERY_RETRY}. Signature keys come from the provider's JWKS (Nimbus caches them
 * and refetches on an unknown key id, so key rotation needs no restart).
 * <p>
 * Group roles are granted on behalf of the bootstrap {@code admin} account, the platform's own system actor, and
 * only in workspaces where that account is an ADMIN: the workspace aggregate authorizes membership changes
 * against its ADMINs, and an operator's mapping must not grant roles in a workspace nobody on the platform side
 * has administrator rights over. A mapping only adds people who are not members yet; it never changes or removes
 * a membership (a workspace ADMIN's later decision stands; leaving a group does not revoke the role).
 */
@Component
public class OidcAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(OidcAuthenticator.class);
    static final String SYSTEM_ACTOR = "admin";
    private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(10);

    private final OidcProperties properties;
    private final GroupRoleMapping mapping;
    private final UserAccounts accounts;
    private final Directory directory;
    /** Looked up when first needed: the security filter chains are built before the command bus is. */
    private final ObjectProvider<Gateways> gateways;
    private final Clock clock;
    /** Workspaces already warned about (the system actor is not their ADMIN), so the log is not flooded. */
    private final Set<WorkspaceId> warned = ConcurrentHashMap.newKeySet();

    private volatile JwtDecoder decoder;
    private volatile Instant lastDiscoveryFailure = Instant.EPOCH;

    OidcAuthenticator(OidcProperties properties, UserAccounts accounts, Directory directory, ObjectProvider<Gateways> gateways,
                      Clock clock) {
        this.properties = properties;
        this.accounts = accounts;
        this.directory = directory;
        this.gateways = gateways;
        this.clock = clock;
        // Parsed even when OIDC is off, so a typo in the mapping is reported at startup, not on the first login.
        this.mapping = GroupRoleMapping.parse(properties.roleMapping());
        if (properties.enabled()) {
            if (properties.requiredAudience() == null) {
                throw new IllegalStateException("ANNOTRAIL_OIDC_ISSUER is set but neither ANNOTRAIL_OIDC_AUDIENCE nor "
                        + "ANNOTRAIL_OIDC_CLIENT_ID is: access tokens could not be checked for their audience");
            }
            log.info("OIDC access tokens accepted from {} for audience '{}'{}", properties.issuer(),
                    properties.requiredAudience(), mapping.isEmpty() ? "" : "; group role mapping: " + mapping.grants().size() + " entries");
        }
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * The user the access token belongs to. Throws an {@code AuthenticationException} (answered 401) for a token
     * that does not check out; its message says why, as RFC 6750's {@code error_description} would.
     */
    AppUser authenticate(String token) {
        Jwt jwt;
        try {
            jwt = decoder().decode(token);
        } catch (JwtValidationException e) {
            String why = e.getErrors().stream().map(error -> error.getDescription() == null ? error.getErrorCode()
                    : error.getDescription()).collect(Collectors.joining("; "));
            throw new BadCredentialsException("invalid access token: " + why);
        } catch (JwtException e) {
            // A malformed token, a bad signature, an unknown key, or the JWKS could not be fetched.
            log.debug("access token rejected", e);
            throw new BadCredentialsException("invalid access token: " + e.getMessage());
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new BadCredentialsException("invalid access token: no subject");
        }
        AppUser user = accounts.findOrProvisionOidc(properties.issuer(), subject, usernameOf(jwt), jwt.getClaimAsString("name"))
                .orElseThrow(() -> new DisabledException("account disabled"));
        grantMappedRoles(user, groupsOf(jwt));
        return user;
    }

    private JwtDecoder decoder() {
        JwtDecoder current = decoder;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (decoder != null) {
                return decoder;
            }
            if (Duration.between(lastDiscoveryFailure, clock.instant()).compareTo(DISCOVERY_RETRY) < 0) {
                throw new AuthenticationServiceException("the identity provider is unreachable; try again shortly");
            }
            try {
                NimbusJwtDecoder nimbus = JwtDecoders.fromIssuerLocation(properties.issuer());
                JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
                timestamps.setAllowEmptyExpiryClaim(false); // a token that never expires is not accepted
                timestamps.setClock(clock);
                // Plain JWTs and RFC 9068 access tokens; providers differ in whether they set "typ" at all.
                JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
                type.setAllowEmpty(true);
                nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                        timestamps,
                        new JwtIssuerValidator(properties.issuer()),
                        new JwtAudienceValidator(properties.requiredAudience()),
                        type)));
                decoder = nimbus;
                log.info("OIDC discovery of {} done", properties.issuer());
                return nimbus;
            } catch (RuntimeException e) {
                lastDiscoveryFailure = clock.instant();
                log.warn("OIDC discovery of {} failed; access tokens are refused until it succeeds: {}",
                        properties.issuer(), e.getMessage());
                throw new AuthenticationServiceException("the identity provider is unreachable; try again shortly", e);
            }
        }
    }

    private String usernameOf(Jwt jwt) {
        for (String claim : List.of(properties.usernameClaim(), "email", "sub")) {
            String value = jwt.getClaimAsString(claim);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return jwt.getSubject();
    }

    private Set<String> groupsOf(Jwt jwt) {
        Object claim = jwt.getClaims().get(properties.groupsClaim());
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(v -> v != null).map(Object::toString).collect(Collectors.toSet());
        }
        if (claim instanceof String value && !value.isBlank()) {
            return Set.of(value.split("[,\\s]+"));
        }
        return Set.of();
    }

    /**
     * Makes the user a member of each mapped workspace they are not a member of yet. Cheap when nothing is to be
     * done (one directory read per mapped workspace), so it runs on every request: a group added at the provider
     * takes effect with the next token, without a new login. A failure here is logged and does not fail the
     * request: the user is authenticated either way, only the extra membership is missing.
     */
    private void grantMappedRoles(AppUser user, Set<String> groups) {
        if (mapping.isEmpty() || groups.isEmpty()) {
            return;
        }
        Map<WorkspaceId, Role> wanted = mapping.rolesFor(groups);
        if (wanted.isEmpty()) {
            return;
        }
        Optional<AppUser> actor = Optional.empty();
        for (var entry : wanted.entrySet()) {
            WorkspaceId workspace = entry.getKey();
            if (directory.roleOf(workspace, user.id()).isPresent()) {
                continue;
            }
            if (actor.isEmpty()) {
                actor = accounts.findByUsername(SYSTEM_ACTOR);
                if (actor.isEmpty()) {
                    log.warn("OIDC role mapping skipped: there is no '{}' account to grant roles with", SYSTEM_ACTOR);
                    return;
                }
            }
            if (directory.roleOf(workspace, actor.get().id()).orElse(null) != Role.ADMIN) {
                if (warned.add(workspace)) {
                    log.warn("OIDC role mapping for workspace {} skipped: the '{}' account is not an ADMIN of it "
                            + "(or it does not exist); make '{}' an ADMIN there for the mapping to apply",
                            workspace, SYSTEM_ACTOR, SYSTEM_ACTOR);
                }
                continue;
            }
            try {
                gateways.getObject().sendAs(actor.get().id(), new AssignMemberRoleCommand(workspace, user.id(), entry.getValue(),
                        actor.get().id()));
                log.info("OIDC role mapping: user {} ({}) became {} of workspace {}", user.username(), user.id(),
                        entry.getValue(), workspace);
            } catch (DomainException | org.axonframework.commandhandling.CommandExecutionException e) {
                log.warn("OIDC role mapping: could not make user {} {} of workspace {}: {}", user.id(),
                        entry.getValue(), workspace, e.getMessage());
            }
        }
    }
}
