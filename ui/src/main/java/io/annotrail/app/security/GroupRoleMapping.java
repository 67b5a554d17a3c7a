package io.annotrail.app.security;

import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.WorkspaceId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The parsed {@code ANNOTRAIL_OIDC_ROLE_MAPPING}: {@code group=<workspaceId>:<ROLE>} entries separated by {@code ;}.
 * A group may appear several times (several workspaces). A malformed mapping stops the application at startup
 * rather than silently granting less (or more) than the operator wrote.
 */
record GroupRoleMapping(List<Grant> grants) {

    record Grant(String group, WorkspaceId workspaceId, Role role) {
    }

    static GroupRoleMapping parse(String mapping) {
        List<Grant> grants = new ArrayList<>();
        if (mapping == null || mapping.isBlank()) {
            return new GroupRoleMapping(grants);
        }
        for (String entry : mapping.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            int colon = entry.lastIndexOf(':');
            if (eq <= 0 || colon < eq) {
                throw invalid(entry, "expected group=<workspaceId>:<ROLE>");
            }
            String group = entry.substring(0, eq).strip();
            String workspace = entry.substring(eq + 1, colon).strip();
            String role = entry.substring(colon + 1).strip().toUpperCase(Locale.ROOT);
            WorkspaceId workspaceId;
            try {
                workspaceId = new WorkspaceId(UUID.fromString(workspace));
            } catch (IllegalArgumentException e) {
                throw invalid(entry, "'" + workspace + "' is not a workspace id (a UUID)");
            }
            Role parsedRole;
            try {
                parsedRole = Role.valueOf(role);
            } catch (IllegalArgumentException e) {
                throw invalid(entry, "'" + role + "' is not one of " + List.of(Role.values()));
            }
            if (group.isEmpty()) {
                throw invalid(entry, "empty group name");
            }
            grants.add(new Grant(group, workspaceId, parsedRole));
        }
        return new GroupRoleMapping(List.copyOf(grants));
    }

    /**
     * The role each workspace grants to someone in these groups. When several of the user's groups map to one
     * workspace, the entry written first in the mapping wins (roles are not ordered, so the operator decides).
     */
    Map<WorkspaceId, Role> rolesFor(Collection<String> groups) {
        Map<WorkspaceId, Role> roles = new LinkedHashMap<>();
        for (Grant grant : grants) {
            if (groups.contains(grant.group())) {
                roles.putIfAbsent(grant.workspaceId(), grant.role());
            }
        }
        return roles;
    }

    boolean isEmpty() {
        return grants.isEmpty();
    }

    private static IllegalStateException invalid(String entry, String why) {
        return new IllegalStateException("ANNOTRAIL_OIDC_ROLE_MAPPING: invalid entry '" + entry.strip() + "': " + why);
    }
}
