package io.annotrail.app.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The username an OIDC user is provisioned with is the claim made valid (3-64 of letters, digits, '.', '_', '@', '-'). */
class OidcUsernameTest {

    @Test
    void claimsBecomeValidUsernames() {
        assertThat(UserAccounts.usernameFrom("ada@example.org")).isEqualTo("ada@example.org");
        assertThat(UserAccounts.usernameFrom("Ada Lovelace")).isEqualTo("Ada-Lovelace");
        assertThat(UserAccounts.usernameFrom("__x")).isEqualTo("user-x");
        assertThat(UserAccounts.usernameFrom("")).isEqualTo("user-oidc");
        assertThat(UserAccounts.usernameFrom("Zoë")).isEqualTo("Zo-");
        assertThat(UserAccounts.usernameFrom("a".repeat(100))).hasSize(64);
    }
}
