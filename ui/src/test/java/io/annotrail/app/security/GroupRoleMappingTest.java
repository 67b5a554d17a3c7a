package io.annotrail.app.security;

import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.WorkspaceId;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupRoleMappingTest {

    static final WorkspaceId A = new WorkspaceId(UUID.randomUUID());
    static final WorkspaceId B = new WorkspaceId(UUID.randomUUID());

    @Test
    void parsesEntriesAndGivesEachWorkspaceTheFirstMatchingRole() {
        var mapping = GroupRoleMapping.parse(" labellers=" + A.value() + ":annotator ; leads=" + A.value()
                + ":MANAGER;leads=" + B.value() + ":REVIEWER;cn=ops,ou=groups,dc=example=" + B.value() + ":ADMIN;");
        assertThat(mapping.grants()).hasSize(4);
        assertThat(mapping.rolesFor(Set.of("leads", "labellers"))).isEqualTo(Map.of(A, Role.ANNOTATOR, B, Role.REVIEWER));
        assertThat(mapping.rolesFor(Set.of("leads"))).isEqualTo(Map.of(A, Role.MANAGER, B, Role.REVIEWER));
        assertThat(mapping.rolesFor(Set.of("cn=ops,ou=groups,dc=example"))).isEqualTo(Map.of(B, Role.ADMIN));
        assertThat(mapping.rolesFor(Set.of("nobody"))).isEmpty();
    }

    @Test
    void emptyMeansNoMapping() {
        assertThat(GroupRoleMapping.parse(null).isEmpty()).isTrue();
        assertThat(GroupRoleMapping.parse("  ").isEmpty()).isTrue();
    }

    @Test
    void aMalformedEntryIsRejectedWithTheEntryInTheMessage() {
        assertThatThrownBy(() -> GroupRoleMapping.parse("leads=not-a-uuid:MANAGER"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("leads=not-a-uuid:MANAGER");
        assertThatThrownBy(() -> GroupRoleMapping.parse("leads=" + A.value() + ":OWNER"))
                .hasMessageContaining("OWNER");
        assertThatThrownBy(() -> GroupRoleMapping.parse("leads:" + A.value()))
                .hasMessageContaining("expected group=<workspaceId>:<ROLE>");
        assertThatThrownBy(() -> GroupRoleMapping.parse("=" + A.value() + ":MANAGER"))
                .isInstanceOf(IllegalStateException.class);
    }
}
