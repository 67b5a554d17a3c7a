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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Maps an OIDC identity onto the one identity model, whichever door it came through: the REST API's access token
 * ({@link OidcAuthenticator}) or the browser's ID token and userinfo ({@link OidcBrowserLogin}). Both key the
 * {@link AppUser} by the configured issuer and the {@code sub} claim, so one person is one account either way.
 * Then applies the group → workspace role mapping.
 * <p>
 * Group roles are granted on behalf of the bootstrap {@code admin} account, the platform's own system actor, and
 * only in workspaces where that account is an ADMIN: the workspace aggregate authorizes membership changes
 * against its ADMINs, and an operator's mapping must not grant roles in a workspace nobody on the platform side
 * has administrator rights over. A mapping only adds people who are not members yet; it never changes or removes
 * a membership (a workspace ADMIN's later decision stands; leaving a group does not revoke the role).
 */
@Component
class OidcIdentities {

    private static final Logger log = LoggerFactory.getLogger(OidcIdentities.class);
    static final String SYSTEM_ACTOR = "admin";

    private final OidcProperties properties;
    private final GroupRoleMapping mapping;
    private final UserAccounts accounts;
    private final Directory directory;
    /** Looked up when first needed: the security filter chains are built before the command bus is. */
    private final ObjectProvider<Gateways> gateways;
    /** Workspaces already warned about (the system actor is not their ADMIN), so the log is not flooded. */
    private final Set<WorkspaceId> warned = ConcurrentHashMap.newKeySet();

    OidcIdentities(OidcProperties properties, UserAccounts accounts, Directory directory, ObjectProvider<Gateways> gateways) {
        this.properties = properties;
        this.accounts = accounts;
        this.directory = directory;
        this.gateways = gateways;
        // Parsed even when OIDC is off, so a typo in the mapping is reported at startup, not on the first login.
        this.mapping = GroupRoleMapping.parse(properties.roleMapping());
    }

    GroupRoleMapping mapping() {
        return mapping;
    }

    /**
     * The account of the identity these (already verified) claims describe, provisioned on first sight, with the
     * mapped group roles granted. Empty for a disabled account. The caller has checked that {@code sub} is present.
     */
    Optional<AppUser> userFor(ClaimAccessor claims) {
        String subject = claims.getClaimAsString("sub");
        Optional<AppUser> user = accounts.findOrProvisionOidc(properties.issuer(), subject, usernameOf(claims),
                claims.getClaimAsString("name"));
        user.ifPresent(u -> grantMappedRoles(u, groupsOf(claims)));
        return user;
    }

    private String usernameOf(ClaimAccessor claims) {
        for (String claim : List.of(properties.usernameClaim(), "email", "sub")) {
            String value = claims.getClaimAsString(claim);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return claims.getClaimAsString("sub");
    }

    private Set<String> groupsOf(ClaimAccessor claims) {
        Object claim = claims.getClaims().get(properties.groupsClaim());
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
     * done (one directory read per mapped workspace), so the API runs it on every request: a group added at the
     * provider takes effect with the next token, without a new login. A failure here is logged and does not fail
     * the sign-in: the user is authenticated either way, only the extra membership is missing.
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
